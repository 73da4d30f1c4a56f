package com.bowwow.analytics.figures;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FiguresProperties.class)
class FiguresConfiguration {

	@Bean
	Figures figures(JdbcClient jdbc, FiguresProperties properties, Clock clock) {
		return new Figures(jdbc, properties, clock);
	}

}
