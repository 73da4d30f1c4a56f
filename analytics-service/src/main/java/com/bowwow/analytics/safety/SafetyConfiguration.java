package com.bowwow.analytics.safety;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class SafetyConfiguration {

	@Bean
	SafetyFigures safetyFigures(JdbcClient jdbc, Clock clock) {
		return new SafetyFigures(jdbc, clock);
	}

}
