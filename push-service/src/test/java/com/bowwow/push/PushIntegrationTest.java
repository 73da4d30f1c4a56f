package com.bowwow.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.events.StreamFields;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.push.delivery.Delivery;
import com.bowwow.push.delivery.DeliveryStatus;
import com.bowwow.push.delivery.DeliveryStore;
import com.bowwow.push.api.PushEvents;
import com.bowwow.push.api.PushEvents.PushesFinished;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.signal.api.SignalEvents.ArrivalsDelivered;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * One Spring context for every test that sends for real: APNs is {@link MockApns} (real
 * HTTP/2 and TLS), user-service is {@link UserServiceStandIn}, PostgreSQL and Redis are
 * the suite's own. Retries are fast and few so that the limits are reached quickly.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "bowwow.push.delivery.max-attempts=3",
				"bowwow.push.delivery.backoff-base=100ms", "bowwow.push.delivery.backoff-max=300ms",
				"bowwow.push.delivery.worker-interval=100ms", "bowwow.push.delivery.lease=15s",
				"bowwow.push.apns.connect-timeout=1s", "bowwow.push.apns.send-timeout=3s",
				"bowwow.events.consumer.poll-interval=50ms",
				"bowwow.security.operator.token=" + PushIntegrationTest.OPERATOR_TOKEN })
@Import(BowWowTestInfrastructure.class)
public abstract class PushIntegrationTest {

	protected static final String OPERATOR_TOKEN = "push-tests-operator-token-0123456789abcdef";

	protected static final Duration WAIT = Duration.ofSeconds(20);

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	protected DeliveryStore deliveries;

	@Autowired
	protected StringRedisTemplate redis;

	@Autowired
	protected JsonMapper json;

	@Autowired
	protected MeterRegistry meters;

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("bowwow.push.apns.signing-key", MockApns::signingKeyPem);
		registry.add("bowwow.push.apns.key-id", () -> MockApns.KEY_ID);
		registry.add("bowwow.push.apns.team-id", () -> MockApns.TEAM_ID);
		registry.add("bowwow.push.apns.topic", () -> MockApns.TOPIC);
		registry.add("bowwow.push.apns.host", () -> "localhost");
		registry.add("bowwow.push.apns.port", MockApns::port);
		registry.add("bowwow.push.apns.trusted-server-certificate", MockApns::trustedCertificateFile);
		registry.add("bowwow.push.user-service.url", UserServiceStandIn::url);
	}

	/** signal-service's event, written to the stream the way its outbox relay does. */
	protected void publish(ArrivalsDelivered event) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(StreamFields.EVENT_ID, event.eventId().toString());
		fields.put(StreamFields.TYPE, "ArrivalsDelivered");
		fields.put(StreamFields.PAYLOAD, this.json.writeValueAsString(event));
		this.redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(SignalEvents.STREAM));
	}

	protected static ArrivalsDelivered arrivals(SignalEvents.Delivery... deliveries) {
		return new ArrivalsDelivered(UUID.randomUUID(), List.of(deliveries));
	}

	/** A signal arrival, {@code meters} away towards {@code direction}, still active. */
	protected static SignalEvents.Delivery arrival(UserId receiver, double meters, CompassDirection direction) {
		return arrival(UUID.randomUUID(), receiver, SignalKind.SIGNAL, meters, direction,
				Instant.now().plusSeconds(600));
	}

	protected static SignalEvents.Delivery arrival(UUID signal, UserId receiver, SignalKind kind, double meters,
			CompassDirection direction, Instant expiresAt) {
		Instant now = Instant.now();
		return new SignalEvents.Delivery(signal, receiver, UserId.random(), kind, meters, direction, now, now,
				expiresAt);
	}

	/** Waits until the receiver's push for the signal reached a final status. */
	protected Delivery awaitFinal(UserId receiver, UUID signal) {
		return await().atMost(WAIT)
			.until(() -> find(receiver, signal), (d) -> d != null && d.status() != DeliveryStatus.PENDING);
	}

	protected Delivery find(UserId receiver, UUID signal) {
		return this.deliveries.search(receiver, signal, null, 10).stream().findFirst().orElse(null);
	}

	protected double count(String name, String... tags) {
		var search = this.meters.find(name);
		if (tags.length > 0) {
			search = search.tags(tags);
		}
		var counter = search.counter();
		return (counter != null) ? counter.count() : 0;
	}

	protected HttpResponse<String> call(String method, String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	protected Map<String, Object> body(HttpResponse<String> response) {
		return map(response.body());
	}

	@SuppressWarnings("unchecked")
	protected Map<String, Object> map(String json) {
		return this.json.readValue(json, Map.class);
	}

	@SuppressWarnings("unchecked")
	protected static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	/** What analytics would read: the outcomes relayed from the outbox to the stream. */
	protected List<PushEvents.PushOutcome> outcomes() {
		return this.redis.opsForStream()
			.range(PushEvents.STREAM, Range.unbounded())
			.stream()
			.map(MapRecord::getValue)
			.map((fields) -> PushEvents.read(this.json, String.valueOf(fields.get("type")),
					String.valueOf(fields.get("payload"))))
			.flatMap(java.util.Optional::stream)
			.map(PushesFinished.class::cast)
			.flatMap((finished) -> finished.outcomes().stream())
			.toList();
	}

}
