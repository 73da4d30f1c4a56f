package com.bowwow.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every servlet service must do from its first day, checked against the real
 * PostgreSQL and Redis of {@link BowWowTestInfrastructure}: a healthy {@code /health}
 * that names its dependencies, its own Flyway-managed schema, problem responses for
 * unknown paths, and Actuator probes on the management port. A service's test extends
 * this with
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT, properties = "management.server.port=0")}
 * and {@code @Import(BowWowTestInfrastructure.class)}.
 */
public abstract class ServiceBaselineTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected DataSource dataSource;

	@Autowired
	protected Environment environment;

	@Autowired
	private StringRedisTemplate redis;

	/** The PostgreSQL schema this service owns. */
	protected abstract String schema();

	@Test
	void healthIsUpWithDatabaseAndRedis() throws Exception {
		HttpResponse<String> response = get(this.port, "/health");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("service")).isEqualTo(this.environment.getProperty("spring.application.name"));
		assertThat(body.get("status")).isEqualTo("healthy");
		assertThat(body.get("dependencies")).isEqualTo(Map.of("database", "healthy", "redis", "healthy"));
		assertThat(body.get("version")).isNotNull();
	}

	/**
	 * Pipelines (the revocation check of every request, safety reads) need a connection
	 * of their own; without a pool Lettuce opened and closed one (TCP, HELLO, SELECT) per
	 * call, most of a request's cost.
	 */
	@Test
	void redisPipelinesReuseAPooledConnection() {
		String name = "baseline-probe-" + System.nanoTime();
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().setClientName(name.getBytes(StandardCharsets.US_ASCII));
			return null;
		});
		// The service's own background work may borrow that connection meanwhile: one of
		// a few later pipelines must meet it again; without a pool none ever does.
		List<Object> seen = new java.util.ArrayList<>();
		for (int i = 0; i < 10 && !seen.contains(name); i++) {
			seen.addAll(this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
				connection.serverCommands().getClientName();
				return null;
			}));
		}
		assertThat(seen).as("later pipelines ran on the first one's connection").contains(name);
	}

	@Test
	void flywayOwnsTheServiceSchema() throws Exception {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"select count(*) from information_schema.tables where table_schema = ? and table_name = 'flyway_schema_history'")) {
			statement.setString(1, schema());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				assertThat(result.getInt(1)).as("flyway_schema_history in schema %s", schema()).isEqualTo(1);
			}
		}
	}

	@Test
	void unknownPathIsAProblem() throws Exception {
		HttpResponse<String> response = get(this.port, "/no-such-path");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readValue(response.body(), Map.class).get("code")).isEqualTo("NOT_FOUND");
	}

	@Test
	void actuatorProbesAnswerOnTheManagementPort() throws Exception {
		assertThat(get(this.managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get(this.managementPort, "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
		assertThat(get(this.port, "/actuator/health").statusCode()).as("actuator must not be on the public port")
			.isEqualTo(404);
	}

	/**
	 * Requests are timed; nothing else is observed per request. Spring Security's
	 * observations (around every filter, authentication and authorization), Lettuce's
	 * (every Redis command) and the long-task timers beside each cost more CPU than a
	 * location update's own database work.
	 */
	@Test
	void requestsAreTimedAndNoFilterOrRedisCommandIsObserved() throws Exception {
		// through the security filter chain, and a Redis command for the health check
		assertThat(get(this.port, "/health").statusCode()).isEqualTo(200);
		String metrics = get(this.managementPort, "/actuator/prometheus").body();
		assertThat(metrics).contains("http_server_requests_seconds_count")
			.doesNotContain("spring_security_")
			.doesNotContain("lettuce_")
			.doesNotContain("_active_seconds")
			// nor Logback's event counter, whose filter stood before every level check
			.doesNotContain("logback_events");
	}

	/**
	 * Tomcat closes a kept-alive connection after 100 requests unless told otherwise: the
	 * gateway's pool then reconnects to the service every 100 requests.
	 */
	@Test
	void keptAliveConnectionsAreNotClosedAfterACountOfRequests(
			@Autowired org.springframework.boot.web.server.context.WebServerApplicationContext context) {
		var tomcat = (org.springframework.boot.tomcat.TomcatWebServer) context.getWebServer();
		assertThat(tomcat.getTomcat().getConnector().getProperty("maxKeepAliveRequests")).isEqualTo(-1);
	}

	protected HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				BodyHandlers.ofString());
	}

}
