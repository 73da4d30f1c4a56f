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

	private static final SecureRandom random = new SecureRandom();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final URI gateway;

	GatewayClient(URI gateway) {
		this.gateway = gateway;
	}

	/** A registered user and their access token. */
	record Account(String userId, String token) {
	}

	Account register(String unit) throws Exception {
		byte[] deviceToken = new byte[32];
		random.nextBytes(deviceToken);
		HttpResponse<String> response = send("POST", "/api/v1/users/register", null,
				"{\"deviceToken\":\"" + HexFormat.of().formatHex(deviceToken)
						+ "\",\"settings\":{\"isOffline\":false,\"distanceUnit\":\"" + unit + "\"}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<?, ?> body = read(response);
		return new Account((String) body.get("userID"), (String) body.get("accessToken"));
	}

	void goOffline(Account account, String unit) throws Exception {
		HttpResponse<String> response = send("PUT", "/api/v1/users/" + account.userId() + "/settings", account,
				"{\"isOffline\":true,\"distanceUnit\":\"" + unit + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	void moveTo(Account account, double latitude, double longitude) throws Exception {
		HttpResponse<String> response = send("POST", "/api/v1/locations/update", account,
				"{\"userID\":\"" + account.userId() + "\",\"location\":{\"latitude\":" + latitude + ",\"longitude\":"
						+ longitude + ",\"timestamp\":\"" + Instant.now() + "\"}}");
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
	}

	HttpResponse<String> send(String method, String path, Account account, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.gateway.resolve(path))
			.timeout(Duration.ofSeconds(20));
		if (account != null) {
			request.header("Authorization", "Bearer " + account.token());
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

		void send(String text) {
			this.socket.sendText(text, true).join();
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
