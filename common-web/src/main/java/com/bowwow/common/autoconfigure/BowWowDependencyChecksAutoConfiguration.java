package com.bowwow.common.autoconfigure;

import javax.sql.DataSource;

import com.bowwow.common.health.DataSourceCheck;
import com.bowwow.common.health.RedisCheck;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Health checks for whichever of PostgreSQL and Redis the service uses. */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
public class BowWowDependencyChecksAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DataSource.class)
	@ConditionalOnBean(DataSource.class)
	static class DatabaseCheckConfiguration {

		@Bean
		DataSourceCheck databaseCheck(DataSource dataSource) {
			return new DataSourceCheck(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	static class RedisCheckConfiguration {

		@Bean
		RedisCheck redisCheck(RedisConnectionFactory connectionFactory) {
			return new RedisCheck(connectionFactory);
		}

	}

}
