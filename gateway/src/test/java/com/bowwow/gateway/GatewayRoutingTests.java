package com.bowwow.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a real HTTP server standing in for user-service, and of closed
 * ports standing in for services that are down.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class GatewayRoutingTests {

	private static final HttpServer upstream = startUpstream();

	private static final int closedPort = closedPort();

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void downstreams(DynamicPropertyRegistry registry) {
		String up = "http://localhost:" + upstream.getAddress().getPort();
		String down = "http://localhost:" + closedPort;
		registry.add("bowwow.gateway.services.user-service", () -> up);
		for (String service : new String[] { "location-service", "signal-service", "push-service",
				"analytics-service" }) {
			registry.add("bowwow.gateway.services." + service, () -> down);
		}
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop(0);
	}

	@Test
	void routesUserRequestsAndForwardsTheRequestId() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/api/v1/users/abc")).header("X-Request-Id", "client-request-0001").build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("path=/api/v1/users/abc requestId=client-request-0001");
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("client-request-0001");
	}

	@Test
	void createsARequestIdWhenTheClientSendsNone() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/users/abc")).build());
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(response.body()).endsWith("requestId=" + requestId);
	}

	@Test
	void stoppedServiceAnswers503Problem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/signals/received/x")).build());
		Map<?, ?> problem = problem(response, 503, "SERVICE_UNAVAILABLE");
		assertThat((String) problem.get("detail")).contains("signal-service");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void unknownPathIs404Problem() throws Exception {
		problem(send(HttpRequest.newBuilder(uri("/api/v2/nothing")).build()), 404, "NOT_FOUND");
	}

	@Test
	void internalEndpointsAreNotRouted() throws Exception {
		problem(send(HttpRequest.newBuilder(uri("/internal/users/abc")).build()), 404, "NOT_FOUND");
	}

	@Test
	void pathTraversalTowardsInternalEndpointsIsRefused() throws Exception {
		for (String traversal : new String[] { "/api/v1/users/../../../internal/users/abc",
				"/api/v1/users/%2e%2e/%2e%2e/%2e%2e/internal/users/abc", "/api/v1/users/..%2f..%2finternal",
				"/api/v1/users/x;/../../internal" }) {
			problem(send(HttpRequest.newBuilder(uri(traversal)).build()), 400, "BAD_REQUEST");
		}
	}

	@Test
	void oversizedBodyIsRefusedAtTheEdge() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/users/register"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}"))
			.build());
		problem(response, 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void healthIs200AndReportsEachDownstream() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/health")).build());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("service")).isEqualTo("gateway");
		assertThat(body.get("status")).isEqualTo("healthy");
		Map<?, ?> dependencies = (Map<?, ?>) body.get("dependencies");
		assertThat(dependencies.get("user-service")).isEqualTo("healthy");
		assertThat(dependencies.get("signal-service")).isEqualTo("unreachable");
		assertThat(dependencies.get("redis")).isEqualTo("healthy");
	}

	private Map<?, ?> problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		Map<?, ?> problem = this.json.readValue(response.body(), Map.class);
		assertThat(problem.get("code")).isEqualTo(code);
		assertThat(problem.get("status")).isEqualTo(status);
		return problem;
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.http.send(request, BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static HttpServer startUpstream() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/health", (exchange) -> reply(exchange, 200, "{\"status\":\"healthy\"}"));
			server.createContext("/api/v1/users",
					(exchange) -> reply(exchange, 200, "path=" + exchange.getRequestURI().getPath() + " requestId="
							+ exchange.getRequestHeaders().getFirst("X-Request-Id")));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
