package com.bowwow.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on a random port, on real Redis, in front of real HTTP servers standing in
 * for user-, location-, push- and analytics-service and a closed port for signal-service
 * (down). Test classes extending this share one application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "bowwow.gateway.rate-limit.trusted-proxies=1",
				// shorter than production's 15 s, for the hanging-service test
				"spring.cloud.gateway.server.webflux.httpclient.response-timeout=3s" })
@Import(BowWowTestInfrastructure.class)
abstract class GatewayTestSupport {

	static final StandInService users = StandInService.start();

	static final StandInService locations = StandInService.start();

	static final StandInService push = StandInService.start();

	static final StandInService analytics = StandInService.start();

	static final int closedPort = StandInService.closedPort();

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void downstreams(DynamicPropertyRegistry registry) {
		registry.add("bowwow.gateway.services.user-service", users::url);
		registry.add("bowwow.gateway.services.location-service", locations::url);
		registry.add("bowwow.gateway.services.signal-service", () -> "http://localhost:" + closedPort);
		registry.add("bowwow.gateway.services.push-service", push::url);
		registry.add("bowwow.gateway.services.analytics-service", analytics::url);
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path));
	}

	HttpRequest.Builder authorized(String path, UserId user) {
		return request(path).header("Authorization", "Bearer " + TestTokens.bearer(user));
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	/** What the stand-in service saw of a request the gateway passed on. */
	Map<?, ?> forwarded(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), Map.class);
	}

	@SuppressWarnings("unchecked")
	Map<String, String> forwardedHeaders(HttpResponse<String> response) {
		return (Map<String, String>) forwarded(response).get("headers");
	}

	Map<?, ?> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		Map<?, ?> problem = this.json.readValue(response.body(), Map.class);
		assertThat(problem.get("code")).isEqualTo(code);
		assertThat(problem.get("status")).isEqualTo(status);
		return problem;
	}

}
