package com.bowwow.analytics;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import com.bowwow.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With its real database but a Redis that refuses connections, the service must say so:
 * 503 from /health, naming Redis, so that ECS and the load balancer stop sending it work.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class HealthWithRedisDownTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void realDatabaseDeadRedis(DynamicPropertyRegistry registry) {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		registry.add("spring.datasource.url", infrastructure::jdbcUrl);
		registry.add("spring.datasource.username", infrastructure::username);
		registry.add("spring.datasource.password", infrastructure::password);
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", HealthWithRedisDownTests::refusedPort);
	}

	@Test
	void healthIs503AndNamesRedis() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/health")).build(),
					BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(503);
		Map<?, ?> body = JsonMapper.builder().build().readValue(response.body(), Map.class);
		assertThat(body.get("status")).isEqualTo("unhealthy");
		assertThat(body.get("dependencies")).isEqualTo(Map.of("database", "healthy", "redis", "unhealthy"));
	}

	/** A port nothing listens on: the socket is closed again before Redis is asked. */
	private static int refusedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
