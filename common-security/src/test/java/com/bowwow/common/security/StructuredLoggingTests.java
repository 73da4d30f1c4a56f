package com.bowwow.common.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In containers the services log JSON (ECS, {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}
 * in the task definitions and compose file); every line logged for a request carries its
 * request ID and the caller's user ID, and never the token.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=test-service", "logging.structured.format.console=ecs" })
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	/**
	 * Logging is set up once per JVM and test contexts are cached: let this context set
	 * it up again, as a service's start in a container does.
	 */
	@BeforeAll
	static void reinitializeLogging() {
		LoggingSystem.get(StructuredLoggingTests.class.getClassLoader()).cleanUp();
	}

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("bowwow.security.jwt.verification-keys",
				() -> new JWKSet(SecurityAutoConfigurationTests.trustedKey().toPublicJWK()).toString());
	}

	@Test
	void requestLogLinesAreJsonWithRequestAndUserIds(CapturedOutput output) throws Exception {
		UserId user = UserId.random();
		String token = SecurityAutoConfigurationTests.token(user);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/users/" + user))
				.header("Authorization", "Bearer " + token)
				.header("X-Request-Id", "req-structured-1")
				.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		String line = Arrays.stream(output.getOut().split("\\R"))
			.filter((candidate) -> candidate.contains("Serving a user's own record"))
			.findFirst()
			.orElseThrow();
		Map<?, ?> entry = this.json.readValue(line, Map.class);
		assertThat(entry.get("requestId")).isEqualTo("req-structured-1");
		assertThat(entry.get("userId")).isEqualTo(user.toString());
		assertThat(entry.get("message")).isEqualTo("Serving a user's own record");
		assertThat(entry.get("@timestamp")).isNotNull();
		assertThat(line).doesNotContain(token);
	}

}
