package com.bowwow.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The locations leg of the journey, only through the gateway: positions reported, nearby
 * read by a mile user and a kilometer user, a WebSocket subscriber seeing a neighbour
 * move, and a user in offline mode never appearing anywhere.
 */
@ExtendWith(StackExtension.class)
class LocationsJourneyIT {

	/** Around the Brandenburg Gate. */
	private static final double LATITUDE = 52.5163;

	private static final double LONGITUDE = 13.3777;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void neighboursSeeEachOtherButNeverAnOfflineUser() throws Exception {
		// Events reach location-service in registration order: once the kilometer
		// user's unit shows, the offline user's settings have been applied too.
		User offline = register("{\"isOffline\":true,\"distanceUnit\":\"mile\"}");
		User kilometer = register("{\"isOffline\":false,\"distanceUnit\":\"kilometer\"}");
		User mile = register(null);
		User watcher = register(null);

		assertThat(report(mile, LATITUDE, LONGITUDE).statusCode()).isEqualTo(200);
		assertThat(report(kilometer, LATITUDE + 0.009, LONGITUDE).statusCode()).isEqualTo(200); // ~1
																								// km
																								// N
		awaitUnit(kilometer, "kilometer");
		assertThat(report(offline, LATITUDE + 0.001, LONGITUDE).statusCode()).isEqualTo(200);

		List<Map<String, Object>> seenByMile = nearby(mile);
		assertThat(seenByMile).extracting((u) -> u.get("userID")).containsExactly(kilometer.id());
		assertThat(seenByMile.get(0)).containsEntry("unit", "mile").containsEntry("direction", "N");
		assertThat(((Number) seenByMile.get(0).get("distance")).doubleValue()).isBetween(0.6, 0.65);

		List<Map<String, Object>> seenByKilometer = nearby(kilometer);
		assertThat(seenByKilometer).extracting((u) -> u.get("userID")).containsExactly(mile.id());
		assertThat(seenByKilometer.get(0)).containsEntry("unit", "kilometer").containsEntry("direction", "S");
		assertThat(((Number) seenByKilometer.get(0).get("distance")).doubleValue()).isBetween(0.98, 1.02);

		Stream stream = Stream.open(this.http, wsUri(watcher));
		try {
			stream.send("{\"type\":\"subscribe\",\"latitude\":" + LATITUDE + ",\"longitude\":" + LONGITUDE
					+ ",\"radius\":2}");
			assertThat(stream.next(this.json)).containsEntry("type", "subscription_confirmed");
			assertThat(report(offline, LATITUDE + 0.002, LONGITUDE, Instant.now().plusSeconds(1)).statusCode())
				.isEqualTo(200);
			assertThat(report(mile, LATITUDE, LONGITUDE + 0.01, Instant.now().plusSeconds(1)).statusCode())
				.isEqualTo(200);
			Map<String, Object> update = stream.next(this.json);
			assertThat(update).containsEntry("type", "location_update")
				.containsEntry("userID", mile.id())
				.containsEntry("unit", "mile")
				.containsEntry("direction", "E")
				.doesNotContainKeys("latitude", "longitude");
			stream.send("{\"type\":\"ping\"}");
			assertThat(stream.next(this.json)).as("nothing about the offline user came before the pong")
				.containsEntry("type", "pong");
		}
		finally {
			stream.close();
		}
		assertThat(nearby(kilometer)).extracting((u) -> u.get("userID")).doesNotContain(offline.id());
	}

	private void awaitUnit(User user, String unit) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			List<Map<String, Object>> found = nearby(user);
			if (!found.isEmpty() && unit.equals(found.get(0).get("unit"))) {
				return;
			}
			assertThat(System.nanoTime()).as("%s's settings reached location-service", unit).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	private User register(String settings) throws Exception {
		byte[] token = new byte[32];
		ThreadLocalRandom.current().nextBytes(token);
		String body = "{\"deviceToken\":\"" + HexFormat.of().formatHex(token) + "\""
				+ ((settings != null) ? ",\"settings\":" + settings : "") + "}";
		HttpResponse<String> response = send("POST", "/api/v1/users/register", null, body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<String, Object> registered = object(response);
		return new User((String) registered.get("userID"), (String) registered.get("accessToken"));
	}

	private HttpResponse<String> report(User user, double latitude, double longitude) throws Exception {
		return report(user, latitude, longitude, Instant.now());
	}

	private HttpResponse<String> report(User user, double latitude, double longitude, Instant at) throws Exception {
		String body = """
				{"userID":"%s","location":{"latitude":%s,"longitude":%s,"timestamp":"%s"}}""".formatted(user.id(),
				latitude, longitude, DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS)));
		return send("POST", "/api/v1/locations/update", user.token(), body);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> nearby(User user) throws Exception {
		HttpResponse<String> response = send("GET", "/api/v1/locations/nearby/" + user.id(), user.token(), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), List.class);
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(StackExtension.stack().gateway().resolve(path))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> object(HttpResponse<String> response) {
		return this.json.readValue(response.body(), Map.class);
	}

	private static URI wsUri(User user) {
		URI gateway = StackExtension.stack().gateway();
		return URI.create("ws://" + gateway.getHost() + ":" + gateway.getPort()
				+ "/api/v1/locations/stream?access_token=" + user.token());
	}

	private record User(String id, String token) {

	}

	/** A WebSocket client collecting whole text messages. */
	private static final class Stream implements WebSocket.Listener {

		private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket socket;

		static Stream open(HttpClient http, URI uri) throws Exception {
			Stream stream = new Stream();
			stream.socket = http.newWebSocketBuilder().buildAsync(uri, stream).get(10, TimeUnit.SECONDS);
			return stream;
		}

		void send(String text) {
			this.socket.sendText(text, true).join();
		}

		@SuppressWarnings("unchecked")
		Map<String, Object> next(JsonMapper json) throws InterruptedException {
			String message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a stream message within 10 s").isNotNull();
			return json.readValue(message, Map.class);
		}

		void close() {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
			this.socket.abort();
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.messages.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

	}

}
