package com.bowwow.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first leg of the journey every later capability extends: a client that only knows
 * the gateway finds every service healthy, gets problem responses for bad requests, and
 * the services stay inside their 512 MiB budget under a short load.
 */
@ExtendWith(StackExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class HealthJourneyIT {

	private static final List<String> SERVICES = List.of("user-service", "location-service", "signal-service",
			"push-service", "analytics-service");

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	@Order(1)
	void gatewayReportsEveryServiceHealthy() throws Exception {
		HttpResponse<String> response = get("/health");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("service")).isEqualTo("gateway");
		assertThat(body.get("status")).isEqualTo("healthy");
		Map<?, ?> dependencies = (Map<?, ?>) body.get("dependencies");
		for (String service : SERVICES) {
			assertThat(dependencies.get(service)).as(service).isEqualTo("healthy");
		}
		assertThat(dependencies.get("redis")).isEqualTo("healthy");
		assertThat((String) body.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
	}

	@Test
	@Order(2)
	void requestsWithoutATokenAreRefusedAtTheEdge() throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/api/v1/signals/received/" + UUID.randomUUID()))
					.header("X-Request-Id", "e2e-request-0001"));
		assertProblem(response, 401, "UNAUTHORIZED");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
		assertThat(this.json.readValue(response.body(), Map.class).get("requestId")).isEqualTo("e2e-request-0001");
	}

	@Test
	@Order(3)
	void pathsOutsideTheApiAreNotFound() throws Exception {
		assertProblem(send(HttpRequest.newBuilder(uri("/api/v2/users"))), 404, "NOT_FOUND");
	}

	@Test
	@Order(4)
	void oversizedBodyIs413() throws Exception {
		assertProblem(
				send(HttpRequest.newBuilder(uri("/api/v1/users/register"))
					.header("Content-Type", "application/json")
					.POST(BodyPublishers.ofString("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}"))),
				413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	@Order(5)
	void pathTraversalIsRefused() throws Exception {
		assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/users/../../../internal/users"))), 400, "BAD_REQUEST");
	}

	@Test
	@Order(6)
	void servicesStayInsideTheirMemoryBudgetUnderLoad() throws Exception {
		// Each gateway health check calls every service's own /health (and its database
		// and Redis).
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> calls = new java.util.ArrayList<>();
			for (int i = 0; i < 600; i++) {
				calls.add(pool.submit(() -> get("/health").statusCode()));
			}
			for (Future<Integer> call : calls) {
				assertThat(call.get()).isEqualTo(200);
			}
		}
		StackExtension.stack().pids().forEach((service, pid) -> {
			long rss = StackExtension.residentMiB(pid);
			System.out.printf("[stack] %-18s RSS %d MiB%n", service, rss);
			assertThat(rss).as("%s resident memory (MiB)", service).isLessThan(512);
		});
	}

	private void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(this.json.readValue(response.body(), Map.class).get("code")).isEqualTo(code);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return StackExtension.stack().gateway().resolve(path);
	}

}
