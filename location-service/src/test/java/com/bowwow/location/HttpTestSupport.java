package com.bowwow.location;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.internal.ServiceTokens;
import com.bowwow.testsupport.TestTokens;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls against a running test instance. */
public final class HttpTestSupport {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/** signal-service's tokens, signed with its committed development key. */
	private static final ServiceTokens SIGNAL_SERVICE = ServiceTokens.development("signal-service", Clock.systemUTC());

	/** user-service's tokens (it fetches exports). */
	private static final ServiceTokens USER_SERVICE = ServiceTokens.development("user-service", Clock.systemUTC());

	private HttpTestSupport() {
	}

	public static HttpResponse<String> postUpdate(int port, UserId caller, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/api/v1/locations/update"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (caller != null) {
			request.header("Authorization", TestTokens.authorization(caller));
		}
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

	public static String updateBody(UserId user, double latitude, double longitude, String timestamp) {
		return """
				{"userID":"%s","location":{"latitude":%s,"longitude":%s,"timestamp":"%s"}}""".formatted(user, latitude,
				longitude, timestamp);
	}

	public static HttpResponse<String> get(int port, UserId caller, String path) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (caller != null) {
			request.header("Authorization", TestTokens.authorization(caller));
		}
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

	/**
	 * A GET of location-service's internal API as its real caller makes it: user-service
	 * for exports, signal-service for everything else.
	 */
	public static HttpResponse<String> internal(int port, String path) throws Exception {
		ServiceTokens caller = path.startsWith("/internal/export/") ? USER_SERVICE : SIGNAL_SERVICE;
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Authorization", "Bearer " + caller.tokenFor("location-service"))
			.build(), BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> object(HttpResponse<String> response) {
		return JSON.readValue(response.body(), Map.class);
	}

	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> array(HttpResponse<String> response) {
		return JSON.readValue(response.body(), List.class);
	}

}
