package com.bowwow.user;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP against the running service, and the helpers every user-service test needs.
 */
public abstract class HttpTestSupport {

	protected final HttpClient http = HttpClient.newHttpClient();

	protected final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	protected int port;

	/** A random valid device token of the given length (lowercase hex). */
	protected static String deviceToken(int length) {
		byte[] bytes = new byte[(length + 1) / 2];
		ThreadLocalRandom.current().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes).substring(0, length);
	}

	protected static String deviceToken() {
		return deviceToken(64);
	}

	protected HttpResponse<String> send(String method, String path, String authorization, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	protected HttpResponse<String> register(String deviceToken, String settingsJson) throws Exception {
		String body = (settingsJson != null)
				? "{\"deviceToken\":\"" + deviceToken + "\",\"settings\":" + settingsJson + "}"
				: "{\"deviceToken\":\"" + deviceToken + "\"}";
		return send("POST", "/api/v1/users/register", null, body);
	}

	/** Registers a new device and returns the response body. */
	protected Map<String, Object> newUser() throws Exception {
		HttpResponse<String> response = register(deviceToken(), null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return body(response);
	}

	protected static String bearer(Map<String, Object> registration) {
		return "Bearer " + registration.get("accessToken");
	}

	@SuppressWarnings("unchecked")
	protected Map<String, Object> body(HttpResponse<String> response) {
		return this.json.readValue(response.body(), Map.class);
	}

	protected Map<String, Object> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		Map<String, Object> problem = body(response);
		assertThat(problem).containsEntry("code", code).containsEntry("status", status);
		return problem;
	}

}
