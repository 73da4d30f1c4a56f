package com.bowwow.signal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Signal waves: propagation, receipts and responses. */
@SpringBootApplication
public class SignalServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(SignalServiceApplication.class, args);
	}

}
