package com.bowwow.common.health;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The service's Redis answers PING. */
public class RedisCheck implements DependencyCheck {

	private final RedisConnectionFactory connectionFactory;

	public RedisCheck(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public boolean isHealthy() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return "PONG".equalsIgnoreCase(connection.ping());
		}
		catch (Exception ex) {
			return false;
		}
	}

}
