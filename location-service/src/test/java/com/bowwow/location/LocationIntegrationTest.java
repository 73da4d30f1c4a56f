package com.bowwow.location;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.position.PositionService;
import com.bowwow.location.position.UpdateOutcome;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Base of the service's integration tests: one shared application context on the real
 * PostgreSQL and Redis of this suite, a clock the tests move, and the background jobs
 * slowed down so that tests trigger them explicitly.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "bowwow.location.purge-interval=1h",
				"bowwow.location.index-check-interval=1h", "bowwow.location.index-repair-interval=1h" })
@Import({ BowWowTestInfrastructure.class, LocationIntegrationTest.ClockConfiguration.class })
public abstract class LocationIntegrationTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected StringRedisTemplate redis;

	@Autowired
	protected SpatialIndex index;

	@Autowired
	protected PositionService positions;

	@BeforeEach
	void cleanSlate() {
		this.clock.reset();
		this.jdbc.sql("truncate positions, user_settings, event_outbox").update();
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			// as user-service would have rebuilt them: without them every token gets 503
			AccessTokens.STANDING_READY_KEYS.forEach((key) -> connection.stringCommands()
				.set(key.getBytes(StandardCharsets.UTF_8), "test".getBytes(StandardCharsets.UTF_8)));
			return null;
		});
		this.index.markComplete("test");
	}

	protected UpdateOutcome report(UserId user, double latitude, double longitude) {
		return this.positions.update(user, Coordinates.of(latitude, longitude), this.clock.instant());
	}

	protected UpdateOutcome report(UserId user, double latitude, double longitude, Instant at) {
		return this.positions.update(user, Coordinates.of(latitude, longitude), at);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		MutableClock clock() {
			return new MutableClock();
		}

	}

}
