package com.bowwow.location;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Where users are: encrypted positions, nearby search and the live stream. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LocationServiceApplication {

	public static void main(String[] args) {
		// Tomcat's WebSocket buffer sizes are set in one place, the one the tests check:
		// stream.ConnectionCapacity, before Tomcat starts.
		SpringApplication.run(LocationServiceApplication.class, args);
	}

}
