package com.bowwow.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway while Redis is unreachable (a closed port instead of the test Redis, so no
 * BowWowTestInfrastructure here): user tokens cannot be checked against the revocation
 * list, so they are answered with a retryable 503 rather than let through or failed with
 * a 500; rate limits fail open so public calls still work; health stays 200 and names
 * Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"spring.data.redis.timeout=500ms", "spring.data.redis.connect-timeout=500ms" })
class RedisOutageTests {

	static final StandInService users = StandInService.start();

	static final int closedPort = StandInService.closedPort();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "localhost");
		registry.add("spring.data.redis.port", () -> closedPort);
		registry.add("bowwow.security.jwt.verification-keys", TestTokens::verificationKeys);
		registry.add("bowwow.gateway.services.user-service", users::url);
	}

	@Test
	void userRequestsAreAnsweredWithARetryable503() throws Exception {
		UserId user = UserId.random();
		String token = TestTokens.bearer(user);
		// The first request verifies the token (and caches it); the second takes the
		// single-script path of a known token. Both fail closed.
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = send(
					HttpRequest.newBuilder(uri("/api/v1/users/" + user)).header("Authorization", "Bearer " + token));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
			assertThat(this.json.readValue(response.body(), Map.class).get("code")).isEqualTo("SERVICE_UNAVAILABLE");
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
		}
		assertThat(users.received("/api/v1/users/" + user)).isFalse();
	}

	@Test
	void rateLimitsFailOpenSoPublicCallsStillWork() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/api/v1/users/register")).POST(BodyPublishers.ofString("{}")));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void healthStays200AndNamesRedis() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/health")));
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> dependencies = (Map<?, ?>) this.json.readValue(response.body(), Map.class).get("dependencies");
		assertThat(dependencies.get("redis")).isNotEqualTo("healthy");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
