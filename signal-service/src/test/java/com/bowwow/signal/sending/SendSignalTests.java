package com.bowwow.signal.sending;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.location.api.UserMessages;
import com.bowwow.signal.SignalIntegrationTest;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.within;

/**
 * Sending a signal over real HTTP, with real PostgreSQL and Redis, and a local HTTP
 * server standing in for location-service's internal query.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class SendSignalTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<Map<?, ?>> messages = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	KnownUsers users;

	@Autowired
	RedisConnectionFactory redisConnections;

	private RedisMessageListenerContainer listener;

	@DynamicPropertySource
	static void locationService(DynamicPropertyRegistry registry) {
		registry.add("bowwow.signal.location-service-url", LocationServiceStandIn::url);
	}

	@BeforeEach
	void listenToUserMessages() {
		this.listener = SignalIntegrationTest.listenToUserMessages(this.redisConnections, this.json, this.messages);
		LocationServiceStandIn.clear();
	}

	@AfterEach
	void stopListening() throws Exception {
		this.listener.stop();
		this.listener.destroy();
	}

	@Test
	void theWaveReachesEachNeighbourInDistanceOrderInTheirOwnUnit() throws Exception {
		UserId sender = UserId.random();
		UserId near = UserId.random();
		UserId middle = UserId.random();
		UserId far = UserId.random();
		this.users.apply(middle, new UserSettings(DistanceUnit.KILOMETER, false), Instant.now());
		LocationServiceStandIn.place(far, 0.6, 0);
		LocationServiceStandIn.place(near, 0.1, 90);
		LocationServiceStandIn.place(middle, 0.3, 180);
		LocationServiceStandIn.place(sender, 0, 0);

		HttpResponse<String> response = send(sender, sender, LocationServiceStandIn.json(LocationServiceStandIn.ORIGIN),
				null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<?, ?> signal = this.json.readValue(response.body(), Map.class);
		assertThat(signal.get("senderID")).isEqualTo(sender.toString());
		assertThat(signal.get("maxDistance")).isEqualTo(10);
		assertThat(signal.get("unit")).isEqualTo("mile");
		assertThat(signal.get("status")).isEqualTo("active");
		Instant sentAt = Instant.parse((String) signal.get("sentAt"));
		assertThat(Instant.parse((String) signal.get("expiresAt"))).isEqualTo(sentAt.plus(Duration.ofMinutes(10)));

		eventually(() -> mine(List.of(near, middle, far)).size() == 3, Duration.ofSeconds(15));
		List<Map<?, ?>> received = mine(List.of(near, middle, far));
		assertThat(received.stream().map((m) -> String.valueOf(m.get("receiverID"))).toList())
			.containsExactly(near.toString(), middle.toString(), far.toString());
		assertThat(received).allSatisfy((m) -> {
			assertThat(m.get("type")).isEqualTo("signal_received");
			assertThat(m.get("kind")).isEqualTo("signal");
			assertThat(m.get("senderID")).isEqualTo(sender.toString());
		});
		assertThat(received.get(0).get("unit")).isEqualTo("mile");
		assertThat((Double) received.get(0).get("distance")).isCloseTo(0.1, within(0.01));
		// the receiver east of the origin hears it from the west
		assertThat(received.get(0).get("direction")).isEqualTo("W");
		assertThat(received.get(1).get("unit")).isEqualTo("kilometer");
		assertThat((Double) received.get(1).get("distance")).isCloseTo(0.48, within(0.01));
		assertThat(received.get(1).get("direction")).isEqualTo("N");

		// Each arrival was due exactly when the wavefront reached it, and recorded no
		// earlier (receipts follow the streams' notice by up to the receipt linger).
		eventually(() -> this.jdbc.queryForObject(
				"select count(*) from receipts r join signals s on s.id = r.signal_id where s.sender_id = ?",
				Long.class, sender.value()) == 3, Duration.ofSeconds(5));
		List<Map<String, Object>> receipts = this.jdbc.queryForList("""
				select r.distance_m, extract(epoch from (r.due_at - s.sent_at)) as travel,
				       r.received_at >= r.due_at as on_time
				from receipts r join signals s on s.id = r.signal_id where s.sender_id = ?
				""", sender.value());
		assertThat(receipts).hasSize(3).allSatisfy((receipt) -> {
			double meters = ((Number) receipt.get("distance_m")).doubleValue();
			assertThat(((Number) receipt.get("travel")).doubleValue()).isCloseTo(meters / LocationServiceStandIn.MILE,
					within(0.000_01));
			assertThat(receipt.get("on_time")).isEqualTo(true);
		});
		HttpResponse<String> metrics = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/prometheus"))
				.build(), BodyHandlers.ofString());
		assertThat(metrics.body()).as("arrival lateness is exported")
			.containsPattern("bowwow_signal_arrival_lateness_seconds_count\\S* [1-9]")
			.contains("bowwow_signal_deliveries_total{kind=\"signal\"")
			.containsPattern("bowwow_signal_sent_total\\{kind=\"signal\"\\S* [1-9]")
			.containsPattern("bowwow_signal_wave_receivers_count\\S* [1-9]");
		assertThat(this.jdbc.queryForList("select event_type from event_outbox where payload like ?", String.class,
				"%" + sender + "%"))
			.contains("SignalSent", "ArrivalsDelivered");
	}

	@Test
	void aSecondSignalWithinTheHourIsRefused() throws Exception {
		UserId sender = UserId.random();
		assertThat(send(sender, sender, position(), null).statusCode()).isEqualTo(201);

		HttpResponse<String> again = send(sender, sender, position(), null);
		Map<?, ?> problem = problem(again, 429, "SIGNAL_COOLDOWN_ACTIVE");
		int retryAfter = ((Number) problem.get("retryAfterSeconds")).intValue();
		assertThat(retryAfter).isBetween(3590, 3600);
		assertThat(again.headers().firstValue("Retry-After")).hasValue(Integer.toString(retryAfter));
	}

	@Test
	void anOfflineSenderIsRefused() throws Exception {
		UserId sender = UserId.random();
		this.users.apply(sender, new UserSettings(DistanceUnit.MILE, true), Instant.now());
		problem(send(sender, sender, position(), null), 409, "SIGNAL_USER_OFFLINE");
	}

	@Test
	void reachIsClampedToTheSendersUnitMaximum() throws Exception {
		UserId mileUser = UserId.random();
		UserId kilometerUser = UserId.random();
		this.users.apply(kilometerUser, new UserSettings(DistanceUnit.KILOMETER, false), Instant.now());
		assertThat(json(send(mileUser, mileUser, position(), "25")).get("maxDistance")).isEqualTo(10);
		Map<?, ?> kilometers = json(send(kilometerUser, kilometerUser, position(), "20"));
		assertThat(kilometers.get("maxDistance")).isEqualTo(16);
		assertThat(kilometers.get("unit")).isEqualTo("kilometer");
		UserId shortReach = UserId.random();
		assertThat(json(send(shortReach, shortReach, position(), "2.5")).get("maxDistance")).isEqualTo(2.5);
	}

	@Test
	void badInputIsRefusedBeforeAnythingIsStored() throws Exception {
		UserId sender = UserId.random();
		problem(send(sender, sender, position(), "0"), 400, "VALIDATION_FAILED");
		problem(send(sender, sender, "{\"latitude\":91,\"longitude\":0}", null), 400, "VALIDATION_FAILED");
		problem(send(sender, sender, null, null), 400, "VALIDATION_FAILED");
		assertThat(this.jdbc.queryForObject("select count(*) from sender_cooldowns where sender_id = ?", Long.class,
				sender.value()))
			.isZero();
	}

	@Test
	void onlyTheSenderThemselvesMaySend() throws Exception {
		UserId sender = UserId.random();
		problem(send(UserId.random(), sender, position(), null), 403, "FORBIDDEN");
		HttpRequest anonymous = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/signals"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body(sender, position(), null)))
			.build();
		problem(this.http.send(anonymous, BodyHandlers.ofString()), 401, "UNAUTHORIZED");
	}

	@Test
	void whenLocationServiceIsDownTheSendFailsWithoutUsingTheCooldown() throws Exception {
		UserId sender = UserId.random();
		LocationServiceStandIn.setUp(false);
		problem(send(sender, sender, position(), null), 503, "SIGNAL_UNAVAILABLE");
		LocationServiceStandIn.setUp(true);
		assertThat(send(sender, sender, position(), null).statusCode()).isEqualTo(201);
	}

	@Test
	void someoneWhoComesWithinReachBeforeTheFrontPassesIsReachedToo() throws Exception {
		UserId sender = UserId.random();
		UserId early = UserId.random();
		UserId ahead = UserId.random();
		UserId behind = UserId.random();
		LocationServiceStandIn.place(early, 0.2, 0);
		Instant accepted = Instant.now();
		assertThat(send(sender, sender, LocationServiceStandIn.json(LocationServiceStandIn.ORIGIN), "5").statusCode())
			.isEqualTo(201);
		// Appears 4.5 miles out just after the send: the front gets there 4.5 s after
		// the send (waves leave at once now, so the room once given by the 500 ms lead
		// is given by the distance; a loaded build machine may take a while to answer).
		LocationServiceStandIn.place(ahead, 4.5, 90);
		eventually(() -> Duration.between(accepted, Instant.now()).toMillis() > 1500, Duration.ofSeconds(5));
		// Appears 0.3 miles out 1.5 s after the send: the front passed there about 0.5 s
		// before.
		LocationServiceStandIn.place(behind, 0.3, 180);

		eventually(() -> mine(List.of(ahead)).size() == 1, Duration.ofSeconds(15));
		Thread.sleep(1500);
		assertThat(mine(List.of(early))).hasSize(1);
		assertThat(mine(List.of(behind))).as("the front had passed before they arrived").isEmpty();
		assertThat((Double) mine(List.of(ahead)).get(0).get("distance")).isCloseTo(4.5, within(0.01));
	}

	@Test
	void theApiDescriptionListsTheSignalEndpoint() throws Exception {
		HttpResponse<String> docs = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v3/api-docs")).build(),
				BodyHandlers.ofString());
		assertThat(docs.statusCode()).isEqualTo(200);
		Map<?, ?> paths = (Map<?, ?>) this.json.readValue(docs.body(), Map.class).get("paths");
		assertThat(paths.keySet().stream().map(String::valueOf).toList()).contains("/api/v1/signals");
	}

	private List<Map<?, ?>> mine(List<UserId> receivers) {
		List<String> ids = receivers.stream().map(UserId::toString).toList();
		return this.messages.stream().filter((m) -> ids.contains(m.get("receiverID"))).toList();
	}

	private HttpResponse<String> send(UserId caller, UserId sender, String location, String maxDistance)
			throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/signals"))
			.header("Content-Type", "application/json")
			.header("Authorization", TestTokens.authorization(caller))
			.POST(BodyPublishers.ofString(body(sender, location, maxDistance)))
			.build();
		return this.http.send(request, BodyHandlers.ofString());
	}

	private static String body(UserId sender, String location, String maxDistance) {
		StringBuilder body = new StringBuilder("{\"senderID\":\"" + sender + "\"");
		if (location != null) {
			body.append(",\"location\":").append(location);
		}
		if (maxDistance != null) {
			body.append(",\"maxDistance\":").append(maxDistance);
		}
		return body.append('}').toString();
	}

	private static String position() {
		return "{\"latitude\":37.788,\"longitude\":-122.4075,\"timestamp\":\"2026-11-26T12:00:00.250Z\"}";
	}

	private Map<?, ?> json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return this.json.readValue(response.body(), Map.class);
	}

	private Map<?, ?> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		Map<?, ?> problem = this.json.readValue(response.body(), Map.class);
		assertThat(problem.get("code")).isEqualTo(code);
		return problem;
	}

	private static void eventually(java.util.function.BooleanSupplier condition, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
	}

}
