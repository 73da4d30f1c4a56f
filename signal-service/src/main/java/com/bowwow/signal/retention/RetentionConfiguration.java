package com.bowwow.signal.retention;

import java.time.Clock;

import com.bowwow.signal.propagation.Signals;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(RetentionProperties.class)
class RetentionConfiguration {

	@Bean
	SignalRetention signalRetention(JdbcClient jdbc, Signals signals, RetentionProperties properties, Clock clock) {
		return new SignalRetention(jdbc, signals, properties, clock);
	}

}
