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

	static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	public static void main(String[] args) {
		reduceWebSocketBuffers();
		SpringApplication.run(LocationServiceApplication.class, args);
	}

	/**
	 * Tomcat gives every WebSocket session an 8 KiB output buffer, sized by a system
	 * property read once when its classes load. Our server messages are a few hundred
	 * bytes (larger ones are written in several chunks), and at 10,000 connections per
	 * instance those buffers alone would take 80 MiB of a 512 MiB container.
	 */
	static void reduceWebSocketBuffers() {
		if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
			System.setProperty(WEBSOCKET_BUFFER_PROPERTY, "2048");
		}
	}

}
