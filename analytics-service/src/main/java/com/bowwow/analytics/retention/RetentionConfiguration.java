package com.bowwow.analytics.retention;

import java.time.Clock;

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
	AnalyticsRetention analyticsRetention(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
		return new AnalyticsRetention(jdbc, properties, clock);
	}

}
