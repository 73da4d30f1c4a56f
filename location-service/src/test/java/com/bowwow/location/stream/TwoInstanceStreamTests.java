package com.bowwow.location.stream;

import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.LocationServiceApplication;
import com.bowwow.location.StreamClient;
import com.bowwow.location.api.UserMessages;
import com.bowwow.testsupport.TestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.script.RedisScript;

import static com.bowwow.location.HttpTestSupport.postUpdate;
import static com.bowwow.location.HttpTestSupport.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two location-service instances on one PostgreSQL and one Redis: the test's own context
 * and a second one started here, as during a rolling deploy or behind a load balancer.
 */
class TwoInstanceStreamTests extends LocationIntegrationTest {

	@Autowired
	private JsonMapper json;

	private ConfigurableApplicationContext second;

	private int secondPort;

	@BeforeEach
	void startSecondInstance() {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", infrastructure.jdbcUrl());
		properties.put("spring.datasource.username", infrastructure.username());
		properties.put("spring.datasource.password", infrastructure.password());
		properties.put("spring.data.redis.host", infrastructure.redisHost());
		properties.put("spring.data.redis.port", infrastructure.redisPort());
		properties.put("spring.data.redis.password", infrastructure.redisPassword());
		properties.put("spring.data.redis.database", infrastructure.redisDatabase());
		properties.put("bowwow.security.jwt.verification-keys", TestTokens.verificationKeys());
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		properties.put("bowwow.location.purge-interval", "1h");
		properties.put("bowwow.location.index-check-interval", "1h");
		// Arguments, not default properties: they must win over application.yml.
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		this.second = new SpringApplicationBuilder(LocationServiceApplication.class).run(arguments);
		this.secondPort = Integer.parseInt(this.second.getEnvironment().getProperty("local.server.port"));
	}

	@AfterEach
	void stopSecondInstance() {
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void updatesReachSubscribersOnTheOtherInstanceBothWays() throws Exception {
		UserId onSecond = UserId.random();
		UserId onFirst = UserId.random();
		try (StreamClient watcherOnSecond = StreamClient.connect(this.secondPort, TestTokens.bearer(onSecond));
				StreamClient watcherOnFirst = StreamClient.connect(this.port, TestTokens.bearer(onFirst))) {
			for (StreamClient client : new StreamClient[] { watcherOnSecond, watcherOnFirst }) {
				client.send("{\"type\":\"subscribe\",\"latitude\":35.6812,\"longitude\":139.7671,\"radius\":5}");
				assertThat(client.next()).containsEntry("type", "subscription_confirmed");
			}
			UserId mover = UserId.random();
			HttpResponse<String> viaFirst = postUpdate(this.port, mover,
					updateBody(mover, 35.6900, 139.7671, Rfc3339.format(Instant.now())));
			assertThat(viaFirst.statusCode()).isEqualTo(200);
			Map<String, Object> seenOnSecond = watcherOnSecond.next("location_update", mover);
			assertThat(seenOnSecond).containsEntry("userID", mover.toString()).containsEntry("direction", "N");
			assertThat(watcherOnFirst.next("location_update", mover)).containsEntry("userID", mover.toString());

			HttpResponse<String> viaSecond = postUpdate(this.secondPort, mover,
					updateBody(mover, 35.6812, 139.7800, Rfc3339.format(Instant.now().plusSeconds(1))));
			assertThat(viaSecond.statusCode()).isEqualTo(200);
			assertThat(watcherOnFirst.next("location_update", mover)).containsEntry("userID", mover.toString())
				.containsEntry("direction", "E");
			assertThat(watcherOnSecond.next("location_update", mover)).containsEntry("direction", "E");
		}
	}

	@Test
	void signalsReachTheUserOnWhicheverInstanceHoldsTheConnection() throws Exception {
		UserId receiver = UserId.random();
		UUID signalId = UUID.randomUUID();
		String notice = this.json.writeValueAsString(new UserMessages.SignalReceived(receiver, signalId,
				UserId.random(), 2.4, DistanceUnit.KILOMETER, CompassDirection.SW, SignalKind.RESPONSE));
		try (StreamClient client = StreamClient.connect(this.secondPort, TestTokens.bearer(receiver))) {
			client.roundTrip();
			try (StreamClient other = StreamClient.connect(this.secondPort, TestTokens.bearer(receiver))) {
				other.roundTrip();
			}
			// the user's other stream closed; this one still holds the channel
			awaitRegistered(this.second.getBean(ConnectionRegistry.class), receiver, 1);
			this.redis.convertAndSend(UserMessages.channelOf(receiver), notice);
			assertThat(client.next()).containsEntry("type", "signal_received")
				.containsEntry("signalID", signalId.toString())
				.containsEntry("kind", "response");
			assertThat(subscribersOf(UserMessages.channelOf(receiver)))
				.as("only the instance holding the connection hears the user's messages")
				.isEqualTo(1);
		}
		Instant deadline = Instant.now().plusSeconds(10);
		while (subscribersOf(UserMessages.channelOf(receiver)) > 0) {
			assertThat(Instant.now()).as("the channel is let go with the user's last connection").isBefore(deadline);
			Thread.sleep(20);
		}
	}

	private static void awaitRegistered(ConnectionRegistry registry, UserId user, int connections)
			throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(10);
		while (registry.forUser(user).size() != connections) {
			assertThat(Instant.now()).as("%d connection(s) of the user registered", connections).isBefore(deadline);
			Thread.sleep(20);
		}
	}

	/** {@code PUBSUB NUMSUB}: how many connections subscribe to the channel. */
	@SuppressWarnings("unchecked")
	private long subscribersOf(String channel) {
		return this.redis.execute((RedisCallback<Long>) (connection) -> {
			var commands = (io.lettuce.core.api.async.BaseRedisAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			try {
				return commands.pubsubNumsub(channel.getBytes(StandardCharsets.UTF_8))
					.get(5, TimeUnit.SECONDS)
					.values()
					.iterator()
					.next();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * Moves travel on one Redis channel per 1° area: each instance subscribes only to the
	 * areas its circles touch, and a mover is heard both where it lands and where it left
	 * (its watchers and its own circles are there).
	 */
	@Test
	void eachInstanceSubscribesOnlyToTheAreasItsCirclesTouch() throws Exception {
		String paris = StreamFanout.areaChannel(StreamViews.areaOf(Coordinates.of(48.8566, 2.3522)));
		String tokyo = StreamFanout.areaChannel(StreamViews.areaOf(Coordinates.of(35.6812, 139.7671)));
		UserId watcher = UserId.random();
		UserId mover = UserId.random();
		UserId tokyoResident = UserId.random();
		assertThat(postUpdate(this.port, tokyoResident,
				updateBody(tokyoResident, 35.6850, 139.7671, Rfc3339.format(Instant.now())))
			.statusCode()).isEqualTo(200);
		try (StreamClient onSecond = StreamClient.connect(this.secondPort, TestTokens.bearer(watcher))) {
			onSecond.send("{\"type\":\"subscribe\",\"latitude\":48.8566,\"longitude\":2.3522,\"radius\":2}");
			assertThat(onSecond.next()).containsEntry("type", "subscription_confirmed");
			// Only the second instance holds a circle, and only in Paris.
			assertThat(subscribers(paris)).isEqualTo(1);
			assertThat(subscribers(tokyo)).isZero();

			assertThat(postUpdate(this.port, mover, updateBody(mover, 48.8600, 2.3522, Rfc3339.format(Instant.now())))
				.statusCode()).isEqualTo(200);
			onSecond.next("location_update", mover);
			// The mover leaves for Tokyo: heard in Paris too, so the watcher is told.
			assertThat(postUpdate(this.port, mover,
					updateBody(mover, 35.6900, 139.7671, Rfc3339.format(Instant.now().plusSeconds(1))))
				.statusCode()).isEqualTo(200);
			onSecond.next("location_removed", mover);

			// The watcher flies to Tokyo (reported through the other instance): their
			// circle follows, and the second instance now listens there instead.
			assertThat(postUpdate(this.port, watcher,
					updateBody(watcher, 35.6812, 139.7671, Rfc3339.format(Instant.now().plusSeconds(2))))
				.statusCode()).isEqualTo(200);
			await(() -> subscribers(tokyo) == 1 && subscribers(paris) == 0);
			assertThat(postUpdate(this.port, mover,
					updateBody(mover, 35.6901, 139.7671, Rfc3339.format(Instant.now().plusSeconds(3))))
				.statusCode()).isEqualTo(200);
			assertThat(onSecond.next("location_update", mover)).containsEntry("direction", "N");

			onSecond.send("{\"type\":\"unsubscribe\"}");
			onSecond.roundTrip();
			await(() -> subscribers(tokyo) == 0);
		}
	}

	private long subscribers(String channel) {
		Long count = this.redis.execute(RedisScript.of("return redis.call('PUBSUB', 'NUMSUB', ARGV[1])[2]", Long.class),
				List.of(), channel);
		return (count != null) ? count : -1;
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@Test
	void shuttingAnInstanceDownClosesItsStreamsWithGoingAway() throws Exception {
		try (StreamClient client = StreamClient.connect(this.secondPort, TestTokens.bearer(UserId.random()))) {
			client.roundTrip();
			this.second.close();
			this.second = null;
			assertThat(client.closeCode()).isEqualTo(1001);
		}
	}

}
