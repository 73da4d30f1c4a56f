package com.bowwow.push;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.events.StreamFields;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.testsupport.TestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole path per push, in one instance: stream entry, delivery row, push-target call
 * to a stand-in user-service (JDK HTTP server), APNs over TLS to Pushy's mock server,
 * outcome and outbox event committed. Prints pushes per second from the first entry
 * written to the last outcome recorded. Run by hand (see {@code ApnsBenchmark} for the
 * class path), with BOWWOW_TEST_POSTGRES_URL and BOWWOW_TEST_REDIS_URL set:
 * {@code java … com.bowwow.push.PipelineBenchmark [events] [deliveries-per-event]}.
 */
public final class PipelineBenchmark {

	private PipelineBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		int perEvent = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		TestInfrastructure infrastructure = TestInfrastructure.get();
		Map<String, Object> properties = new LinkedHashMap<>();
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
		properties.put("logging.level.root", "WARN");
		properties.put("bowwow.push.apns.signing-key", MockApns.signingKeyPem());
		properties.put("bowwow.push.apns.key-id", MockApns.KEY_ID);
		properties.put("bowwow.push.apns.team-id", MockApns.TEAM_ID);
		properties.put("bowwow.push.apns.topic", MockApns.TOPIC);
		properties.put("bowwow.push.apns.host", "localhost");
		properties.put("bowwow.push.apns.port", MockApns.port());
		properties.put("bowwow.push.apns.trusted-server-certificate", MockApns.trustedCertificateFile());
		properties.put("bowwow.push.user-service.url", UserServiceStandIn.url());
		// command-line arguments: above application.yml, unlike default properties
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PushServiceApplication.class)
			.run(arguments)) {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			JsonMapper json = context.getBean(JsonMapper.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			List<UserId> receivers = new ArrayList<>();
			for (int i = 0; i < perEvent; i++) {
				receivers.add(UserServiceStandIn.user(MockApns.newDeviceToken()));
			}
			long before = count(jdbc);
			long started = System.nanoTime();
			for (int e = 0; e < events; e++) {
				UUID signal = UUID.randomUUID();
				Instant now = Instant.now();
				List<SignalEvents.Delivery> deliveries = receivers.stream()
					.map((receiver) -> new SignalEvents.Delivery(signal, receiver, UserId.random(), SignalKind.SIGNAL,
							900, CompassDirection.NE, now, now, now.plusSeconds(600)))
					.toList();
				SignalEvents.ArrivalsDelivered event = new SignalEvents.ArrivalsDelivered(UUID.randomUUID(),
						deliveries);
				Map<String, String> fields = new LinkedHashMap<>();
				fields.put(StreamFields.EVENT_ID, event.eventId().toString());
				fields.put(StreamFields.TYPE, "ArrivalsDelivered");
				fields.put(StreamFields.PAYLOAD, json.writeValueAsString(event));
				redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(SignalEvents.STREAM));
			}
			long total = (long) events * perEvent;
			while (count(jdbc) - before < total) {
				Thread.sleep(20);
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			System.out.printf("%d pushes (%d events x %d receivers) sent and recorded in %.2f s: %.0f pushes/s%n",
					total, events, perEvent, seconds, total / seconds);
			io.micrometer.core.instrument.MeterRegistry meters = context
				.getBean(io.micrometer.core.instrument.MeterRegistry.class);
			for (String name : List.of("bowwow.push.apns.latency", "http.client.requests")) {
				io.micrometer.core.instrument.Timer timer = meters.find(name).timer();
				if (timer != null) {
					System.out.printf("%s: %d, mean %.1f ms, max %.1f ms%n", name, timer.count(),
							timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
							timer.max(java.util.concurrent.TimeUnit.MILLISECONDS));
				}
			}
		}
		finally {
			MockApns.stop();
		}
		System.exit(0);
	}

	private static long count(JdbcTemplate jdbc) {
		Long sent = jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE status = 'SENT'", Long.class);
		return (sent != null) ? sent : 0;
	}

}
