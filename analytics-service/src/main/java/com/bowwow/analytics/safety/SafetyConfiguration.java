package com.bowwow.analytics.safety;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class SafetyConfiguration {

	@Bean
	SafetyFigures safetyFigures(JdbcTemplate jdbc, Clock clock) {
		return new SafetyFigures(jdbc, clock);
	}

}
