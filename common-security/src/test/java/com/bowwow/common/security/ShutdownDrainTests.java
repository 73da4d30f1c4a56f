package com.bowwow.common.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.bowwow.common.internal.ServiceTokens;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopping service first says it is not ready and goes on serving for the drain delay
 * ({@code ShutdownDrain}), so that traffic moves away before the graceful shutdown
 * refuses new requests. Lives beside the security tests for their test application and
 * keys.
 */
class ShutdownDrainTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void readinessTurnsFalseWhileTheServiceStillServes() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SecurityTestApplication.class)
			.properties("server.port=0", "management.server.port=0", "spring.application.name=drain-test",
					"management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.probes.add-additional-paths=true",
					"bowwow.security.jwt.verification-keys="
							+ new JWKSet(SecurityAutoConfigurationTests.trustedKey().toPublicJWK()),
					"bowwow.shutdown.drain-delay=4s", "bowwow.internal.access[0].path=/internal/ping",
					"bowwow.environment=local", "bowwow.internal.access[0].callers=signal-service")
			.run();
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
		assertThat(get(port, "/health").statusCode()).isEqualTo(200);

		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(3)).until(() -> get(port, "/readyz").statusCode() == 503);
		HttpResponse<String> health = get(port, "/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(health.body()).contains("\"status\":\"draining\"");
		String serviceToken = ServiceTokens.development("signal-service", Clock.systemUTC()).tokenFor("drain-test");
		assertThat(this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/internal/ping"))
				.header("Authorization", "Bearer " + serviceToken)
				.build(), BodyHandlers.ofString())
			.statusCode()).as("still serving while draining").isEqualTo(200);
		closing.get();
		assertThat(context.isActive()).isFalse();
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				BodyHandlers.ofString());
	}

}
