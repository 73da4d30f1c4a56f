package com.bowwow.common.events;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.bowwow.testsupport.TestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real PostgreSQL and Redis for the events library: a fresh schema with the outbox table
 * from the library's own DDL, and a fresh stream name per test.
 */
final class EventsFixture implements AutoCloseable {

	final String schema = "events_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	final String stream = "bowwow:events:test-" + UUID.randomUUID();

	final DataSource dataSource;

	final JdbcTemplate jdbc;

	final DataSourceTransactionManager transactionManager;

	final TransactionTemplate transactions;

	final LettuceConnectionFactory connectionFactory;

	final StringRedisTemplate redis;

	final JsonMapper json = JsonMapper.builder().build();

	EventsFixture() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		DriverManagerDataSource admin = new DriverManagerDataSource(infrastructure.jdbcUrl(), infrastructure.username(),
				infrastructure.password());
		try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + this.schema);
		}
		this.dataSource = new DriverManagerDataSource(infrastructure.jdbcUrl() + "?currentSchema=" + this.schema,
				infrastructure.username(), infrastructure.password());
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute(
				new ClassPathResource("db/outbox/V0_1__event_outbox.sql").getContentAsString(StandardCharsets.UTF_8));
		this.jdbc.execute(new ClassPathResource("db/consumer-positions/V0_2__event_consumer_positions.sql")
			.getContentAsString(StandardCharsets.UTF_8));
		this.transactionManager = new DataSourceTransactionManager(this.dataSource);
		this.transactions = new TransactionTemplate(this.transactionManager);
		RedisStandaloneConfiguration redisConfiguration = new RedisStandaloneConfiguration(infrastructure.redisHost(),
				infrastructure.redisPort());
		redisConfiguration.setDatabase(infrastructure.redisDatabase());
		if (!infrastructure.redisPassword().isEmpty()) {
			redisConfiguration.setPassword(infrastructure.redisPassword());
		}
		this.connectionFactory = new LettuceConnectionFactory(redisConfiguration);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redis = new StringRedisTemplate(this.connectionFactory);
	}

	static EventsProperties properties(Duration claimIdle, int maxDeliveries) {
		return new EventsProperties(
				new EventsProperties.Outbox(true, "event_outbox", Duration.ofMillis(50), 10, Duration.ofDays(3),
						Duration.ofMillis(100)),
				new EventsProperties.Consumer(10, Duration.ofMillis(50), claimIdle, Duration.ofMillis(100),
						maxDeliveries, "0", "event_consumer_positions", Duration.ofMillis(50)),
				10_000);
	}

	OutboxRelay relay(PlatformTransactionManager transactionManager) {
		return relay(transactionManager, EventMetrics.NONE);
	}

	OutboxRelay relay(PlatformTransactionManager transactionManager, EventMetrics metrics) {
		return new OutboxRelay(this.jdbc, new TransactionTemplate(transactionManager), this.redis,
				properties(Duration.ofSeconds(30), 10), Clock.systemUTC(), metrics);
	}

	EventOutbox outbox(OutboxRelay relay) {
		return new EventOutbox(this.jdbc, this.json, "event_outbox", (relay != null) ? relay::wakeUp : null);
	}

	EventSubscriptions subscriptions(Duration claimIdle, int maxDeliveries) {
		return subscriptions(claimIdle, maxDeliveries, EventMetrics.NONE);
	}

	/** Consumers that keep their groups' positions in the fixture's schema. */
	EventSubscriptions subscriptions(Duration claimIdle, int maxDeliveries, EventMetrics metrics) {
		return new EventSubscriptions(this.redis, properties(claimIdle, maxDeliveries), "events-test",
				Clock.systemUTC(), metrics, new ConsumerPositions(this.jdbc, "event_consumer_positions"));
	}

	/**
	 * Empties this suite's Redis database, as a FLUSHALL or a failover to an empty
	 * replica would.
	 */
	void flushRedis() {
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
	}

	long streamLength() {
		Long size = this.redis.opsForStream().size(this.stream);
		return (size != null) ? size : 0;
	}

	@Override
	public void close() {
		this.redis.delete(this.stream);
		this.redis.delete(this.stream + ":dead-letter");
		this.jdbc.execute("DROP SCHEMA " + this.schema + " CASCADE");
		this.connectionFactory.destroy();
	}

}
