package com.bowwow.analytics.operations;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperationsProperties.class)
class OperationsConfiguration {

	@Bean
	OperationsProbe operationsProbe(StringRedisTemplate redis, OperationsProperties properties, Clock clock) {
		return new OperationsProbe(redis, properties, clock);
	}

}
