package com.bowwow.signal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.api.UserMessages;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real HTTP against the service, real PostgreSQL and Redis, location-service stood in by
 * {@link LocationServiceStandIn}; blocks and suspensions are written straight into the
 * safety read model, the way user-service writes it. Records every
 * {@code signal_received} relayed to WebSocket connections.
 */
// A first audience of 3: a wave with more receivers leaves in two steps (nearest first),
// as a large one does in production.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"bowwow.signal.first-audience=" + SignalIntegrationTest.FIRST_AUDIENCE })
@Import(BowWowTestInfrastructure.class)
public abstract class SignalIntegrationTest {

	protected static final int FIRST_AUDIENCE = 3;

	protected static final double MILE = LocationServiceStandIn.MILE;

	private final HttpClient http = HttpClient.newHttpClient();

	protected final List<Map<?, ?>> messages = new CopyOnWriteArrayList<>();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JsonMapper json;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected StringRedisTemplate redis;

	@Autowired
	RedisConnectionFactory redisConnections;

	private RedisMessageListenerContainer listener;

	@DynamicPropertySource
	static void locationService(DynamicPropertyRegistry registry) {
		registry.add("bowwow.signal.location-service-url", LocationServiceStandIn::url);
	}

	@BeforeEach
	void listenAndClear() {
		LocationServiceStandIn.clear();
		this.listener = listenToUserMessages(this.redisConnections, this.json, this.messages);
	}

	/**
	 * A started listener on every user's channel, keeping each message that came on its
	 * own receiver's channel.
	 */
	public static RedisMessageListenerContainer listenToUserMessages(RedisConnectionFactory connections,
			JsonMapper json, List<Map<?, ?>> into) {
		RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
		listener.setConnectionFactory(connections);
		listener.addMessageListener((message, pattern) -> {
			Map<?, ?> body = json.readValue(new String(message.getBody(), StandardCharsets.UTF_8), Map.class);
			if (new String(message.getChannel(), StandardCharsets.UTF_8)
				.equals(UserMessages.CHANNEL_PREFIX + body.get("receiverID"))) {
				into.add(body);
			}
		}, new PatternTopic(UserMessages.CHANNEL_PREFIX + "*"));
		listener.afterPropertiesSet();
		listener.start();
		return listener;
	}

	@AfterEach
	void stopListening() throws Exception {
		this.listener.stop();
		this.listener.destroy();
	}

	/** A block as user-service writes it: into both users' sets. */
	protected void block(UserId blocker, UserId blocked) {
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocker), blocked.toString());
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocked), blocker.toString());
	}

	protected void suspend(UserId user) {
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, user.toString());
	}

	/** Sends from {@code from} with {@code maxDistanceMiles}; returns the signal's ID. */
	protected UUID send(UserId sender, Coordinates from, double maxDistanceMiles) throws Exception {
		HttpResponse<String> response = trySend(sender, from, maxDistanceMiles);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return UUID.fromString((String) this.json.readValue(response.body(), Map.class).get("signalID"));
	}

	protected HttpResponse<String> trySend(UserId sender, Coordinates from, double maxDistanceMiles) throws Exception {
		return post("/api/v1/signals", "{\"senderID\":\"" + sender + "\",\"location\":"
				+ LocationServiceStandIn.json(from) + ",\"maxDistance\":" + maxDistanceMiles + "}", sender);
	}

	protected void awaitReceipt(UUID signalId, UserId receiver) {
		await().atMost(Duration.ofSeconds(15)).until(() -> hasReceipt(signalId, receiver));
	}

	protected boolean hasReceipt(UUID signalId, UserId receiver) {
		return this.jdbc.queryForObject("select count(*) from receipts where signal_id = ? and receiver_id = ?",
				Long.class, signalId, receiver.value()) == 1;
	}

	/** Waits until nothing of the wave is pending any more (all delivered or dropped). */
	protected void awaitWaveDone(UUID signalId) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from pending_arrivals where signal_id = ?",
					Long.class, signalId) == 0);
	}

	/** The {@code receivedCount} the sender reads for the signal. */
	protected Object receivedCount(UserId sender, UUID signalId) throws Exception {
		return list(get("/api/v1/signals/sent/" + sender, sender)).stream()
			.filter((entry) -> signalId.toString().equals(entry.get("signalID")))
			.findFirst()
			.orElseThrow()
			.get("receivedCount");
	}

	protected List<Map<?, ?>> messagesTo(UserId receiver) {
		return this.messages.stream().filter((m) -> receiver.toString().equals(m.get("receiverID"))).toList();
	}

	protected List<String> outboxEventsMentioning(UserId user) {
		return this.jdbc.queryForList("select event_type from event_outbox where payload like ?", String.class,
				"%" + user + "%");
	}

	@SuppressWarnings("unchecked")
	protected List<Map<?, ?>> list(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), List.class);
	}

	protected Map<?, ?> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		Map<?, ?> problem = this.json.readValue(response.body(), Map.class);
		assertThat(problem.get("code")).isEqualTo(code);
		return problem;
	}

	protected HttpResponse<String> get(String path, UserId caller) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.authorization(caller))
			.build(), BodyHandlers.ofString());
	}

	protected HttpResponse<String> post(String path, String body, UserId caller) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.authorization(caller));
		if (body.isEmpty()) {
			request.POST(BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json").POST(BodyPublishers.ofString(body));
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
