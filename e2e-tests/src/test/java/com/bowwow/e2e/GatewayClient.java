package com.bowwow.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What a phone does, through the gateway only. */
final class GatewayClient {

	/** Degrees of latitude per mile. */
	static final double MILE_NORTH = 1609.344 / 111_195.0;

	private static final SecureRandom random = new SecureRandom();

	/**
	 * HTTP/1.1, as a phone's requests reach the gateway behind the load balancer: Java's
	 * default would offer an h2c upgrade, which the gateway's express lane leaves to the
	 * full chain, and the journeys would never take the lane that phones take.
	 */
	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final URI gateway;

	GatewayClient(URI gateway) {
		this.gateway = gateway;
	}

	/** A registered user and their access token. */
	record Account(String userId, String token) {
	}

	Account register(String unit) throws Exception {
		return registerWith("{\"isOffline\":false,\"distanceUnit\":\"" + unit + "\"}");
	}

	/**
	 * Registers a new device; {@code settings} is the JSON object to send, or null for
	 * the defaults.
	 */
	Account registerWith(String settings) throws Exception {
		HttpResponse<String> response = send("POST", "/api/v1/users/register", (String) null, "{\"deviceToken\":\""
				+ randomDeviceToken() + "\"" + ((settings != null) ? ",\"settings\":" + settings : "") + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<?, ?> body = read(response);
		return new Account((String) body.get("userID"), (String) body.get("accessToken"));
	}

	static String randomDeviceToken() {
		byte[] deviceToken = new byte[32];
		random.nextBytes(deviceToken);
		return HexFormat.of().formatHex(deviceToken);
	}

	void goOffline(Account account, String unit) throws Exception {
		HttpResponse<String> response = send("PUT", "/api/v1/users/" + account.userId() + "/settings", account,
				"{\"isOffline\":true,\"distanceUnit\":\"" + unit + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	void moveTo(Account account, double latitude, double longitude) throws Exception {
		HttpResponse<String> response = report(account, latitude, longitude, Instant.now());
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

	HttpResponse<String> report(Account account, double latitude, double longitude, Instant at) throws Exception {
		return send("POST", "/api/v1/locations/update", account,
				"{\"userID\":\"" + account.userId() + "\",\"location\":{\"latitude\":" + latitude + ",\"longitude\":"
						+ longitude + ",\"timestamp\":\"" + at + "\"}}");
	}

	/** The caller's nearby list (asserts 200). */
	List<Map<?, ?>> nearby(Account account) throws Exception {
		HttpResponse<String> response = send("GET", "/api/v1/locations/nearby/" + account.userId(), account, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return readList(response).stream().<Map<?, ?>>map((entry) -> (Map<?, ?>) entry).toList();
	}

	/**
	 * {@code POST /api/v1/signals} from the given point; {@code maxDistance} null for the
	 * unit maximum. Returns the response whatever its status.
	 */
	HttpResponse<String> sendSignal(Account sender, double latitude, double longitude, Double maxDistance)
			throws Exception {
		return send("POST", "/api/v1/signals", sender,
				"{\"senderID\":\"" + sender.userId() + "\",\"location\":{\"latitude\":" + latitude + ",\"longitude\":"
						+ longitude + "}" + ((maxDistance != null) ? ",\"maxDistance\":" + maxDistance : "") + "}");
	}

	/**
	 * Positions and offline mode reach every service through events: waits until the
	 * viewer's nearby list shows {@code expected} and not {@code hidden}, then a little
	 * longer (signal-service learns about offline mode from the same events).
	 */
	void awaitNearby(Account viewer, List<String> expected, String hidden) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (true) {
			List<String> ids = nearby(viewer).stream().map((entry) -> String.valueOf(entry.get("userID"))).toList();
			if (ids.containsAll(expected) && !ids.contains(hidden)) {
				Thread.sleep(500);
				return;
			}
			assertThat(Instant.now()).as("nearby of %s: %s", viewer.userId(), ids).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	HttpResponse<String> send(String method, String path, Account account, String body) throws Exception {
		return send(method, path, (account != null) ? account.token() : null, body);
	}

	/** A request with any bearer token (or none), e.g. one that should be refused. */
	HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.gateway.resolve(path))
			.timeout(Duration.ofSeconds(20));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	Map<?, ?> read(HttpResponse<String> response) {
		return this.json.readValue(response.body(), Map.class);
	}

	List<?> readList(HttpResponse<String> response) {
		return this.json.readValue(response.body(), List.class);
	}

	/** Opens the live stream with the token as a query parameter, as browsers must. */
	Stream openStream(Account account) throws Exception {
		Stream stream = new Stream(this.json);
		URI uri = URI.create(this.gateway.toString().replaceFirst("^http", "ws")
				+ "/api/v1/locations/stream?access_token=" + account.token());
		stream.socket = this.http.newWebSocketBuilder().buildAsync(uri, stream).get();
		return stream;
	}

	/** One WebSocket connection, recording every message with the time it arrived. */
	static final class Stream implements WebSocket.Listener, AutoCloseable {

		record Received(Map<?, ?> message, Instant at) {
		}

		private final JsonMapper json;

		private final List<Received> received = new CopyOnWriteArrayList<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		private int consumed;

		Stream(JsonMapper json) {
			this.json = json;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.received.add(new Received(this.json.readValue(this.partial.toString(), Map.class), Instant.now()));
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		private volatile Integer closedWith;

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closedWith = statusCode;
			return null;
		}

		/** The close code the server sent, if it closed the connection. */
		Integer closedWith() {
			return this.closedWith;
		}

		void send(String text) {
			this.socket.sendText(text, true).join();
		}

		/** The next message not yet taken by {@code next}, in arrival order. */
		Map<?, ?> next(Duration timeout) throws InterruptedException {
			Instant deadline = Instant.now().plus(timeout);
			while (this.received.size() <= this.consumed) {
				assertThat(Instant.now()).as("a stream message within %s", timeout).isBefore(deadline);
				Thread.sleep(20);
			}
			return this.received.get(this.consumed++).message();
		}

		List<Received> ofType(String type) {
			return this.received.stream().filter((r) -> type.equals(r.message().get("type"))).toList();
		}

		Received await(Predicate<Received> wanted, Duration timeout) throws InterruptedException {
			Instant deadline = Instant.now().plus(timeout);
			while (Instant.now().isBefore(deadline)) {
				for (Received r : this.received) {
					if (wanted.test(r)) {
						return r;
					}
				}
				Thread.sleep(20);
			}
			throw new AssertionError("no matching message within " + timeout + "; got " + this.received);
		}

		@Override
		public void close() {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
		}

	}

}
