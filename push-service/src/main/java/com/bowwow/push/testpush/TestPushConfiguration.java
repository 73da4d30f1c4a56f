package com.bowwow.push.testpush;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TestPushProperties.class)
class TestPushConfiguration {

	@Bean
	TestPushLimits testPushLimits(StringRedisTemplate redis, TestPushProperties properties) {
		return new TestPushLimits(redis, properties);
	}

}
