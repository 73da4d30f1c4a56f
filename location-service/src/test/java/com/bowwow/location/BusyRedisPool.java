package com.bowwow.location;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds every pooled Redis connection the service has left, as a burst of requests that
 * each pipeline would: whatever must keep working under load is tested while it is open.
 */
public final class BusyRedisPool implements AutoCloseable {

	private final List<RedisConnection> taken = new ArrayList<>();

	private BusyRedisPool() {
	}

	/**
	 * @param connections the service's connection factory
	 * @param poolSize {@code spring.data.redis.lettuce.pool.max-active}
	 */
	public static BusyRedisPool holdAll(RedisConnectionFactory connections, int poolSize) {
		BusyRedisPool pool = new BusyRedisPool();
		// The service's own background work may hold some already: take the rest.
		for (int i = 0; i < poolSize; i++) {
			RedisConnection connection = connections.getConnection();
			try {
				// a pipeline takes a pooled connection of its own
				connection.openPipeline();
				connection.ping();
				pool.taken.add(connection);
			}
			catch (RedisConnectionFailureException exhausted) {
				connection.close();
				break;
			}
		}
		assertThat(pool.taken).as("pooled connections held").isNotEmpty();
		return pool;
	}

	@Override
	public void close() {
		for (RedisConnection connection : this.taken) {
			connection.closePipeline();
			connection.close();
		}
	}

}
