package com.bowwow.analytics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to the service under test (redirects are not followed). */
final class AnalyticsApi {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final int port;

	AnalyticsApi(int port) {
		this.port = port;
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	HttpResponse<String> get(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return send(request.build());
	}

	HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, BodyHandlers.ofString());
	}

	/** GET as the operator, asserting 200. */
	Map<String, Object> operatorGet(String path) throws Exception {
		HttpResponse<String> response = get(path, AnalyticsServiceTest.OPERATOR_TOKEN);
		if (response.statusCode() != 200) {
			throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return read(response);
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> read(HttpResponse<String> response) {
		return this.json.readValue(response.body(), Map.class);
	}

}
