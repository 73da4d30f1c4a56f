package com.bowwow.location.live;

import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.SpatialIndex;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class LiveIndexConfiguration {

	@Bean
	SpatialIndex spatialIndex(StringRedisTemplate redis, LocationProperties properties) {
		return new SpatialIndex(redis, properties.redisNamespace());
	}

}
