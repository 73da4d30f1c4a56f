package com.bowwow.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;

import com.bowwow.common.id.UserId;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing, request IDs, fallbacks and edge guards, with real HTTP servers standing in for
 * the services and a closed port standing in for a service that is down.
 */
class GatewayRoutingTests extends GatewayTestSupport {

	@LocalManagementPort
	int managementPort;

	private final UserId user = UserId.random();

	@Test
	void routedTrafficAndTheGatewaysOwnProbesAreBothMeasured() throws Exception {
		send(authorized("/api/v1/users/" + this.user, this.user));
		send(request("/health"));
		String metrics = send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/prometheus")))
			.body();
		// One name, one set of tag keys: otherwise Prometheus drops one of them silently.
		assertThat(metrics)
			.containsPattern("http_client_requests_seconds_count\\{[^}]*spring_cloud_gateway_route_id=\"users\"")
			.contains("bowwow_gateway_health_requests_seconds_count")
			// one timer per request and hop: no per-route copy, no per-filter security or
			// per-command Redis observations
			.doesNotContain("spring_cloud_gateway_requests")
			.doesNotContain("spring_security_")
			.doesNotContain("lettuce_")
			.doesNotContain("_active_seconds")
			// nor Logback's event counter, whose filter stood before every level check
			.doesNotContain("logback_events");
	}

	@Test
	void routesEachServicesPathsToIt() throws Exception {
		assertThat(forwarded(send(authorized("/api/v1/users/" + this.user, this.user))).get("path"))
			.isEqualTo("/api/v1/users/" + this.user);
		assertThat(
				forwarded(send(authorized("/api/v1/locations/nearby/" + this.user + "?limit=5", this.user))).get("uri"))
			.isEqualTo("/api/v1/locations/nearby/" + this.user + "?limit=5");
		assertThat(
				forwarded(send(authorized("/api/v1/push/test", this.user).POST(BodyPublishers.noBody()))).get("method"))
			.isEqualTo("POST");
		assertThat(locations.received("/api/v1/locations/nearby/" + this.user)).isTrue();
		assertThat(push.received("/api/v1/push/test")).isTrue();
		assertThat(users.received("/api/v1/push/test")).isFalse();
	}

	@Test
	void forwardsTheClientsRequestId() throws Exception {
		HttpResponse<String> response = send(
				authorized("/api/v1/users/" + this.user, this.user).header("X-Request-Id", "client-request-0001"));
		assertThat(forwardedHeaders(response).get("x-request-id")).isEqualTo("client-request-0001");
		assertThat(response.headers().allValues("X-Request-Id")).as("the service's copy is not added to the gateway's")
			.containsExactly("client-request-0001");
	}

	@Test
	void createsARequestIdWhenTheClientSendsNone() throws Exception {
		HttpResponse<String> response = send(authorized("/api/v1/users/" + this.user, this.user));
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(forwardedHeaders(response).get("x-request-id")).isEqualTo(requestId);
	}

	@Test
	void stoppedServiceAnswers503Problem() throws Exception {
		HttpResponse<String> response = send(authorized("/api/v1/signals/received/" + this.user, this.user));
		Map<?, ?> problem = problem(response, 503, "SERVICE_UNAVAILABLE");
		assertThat((String) problem.get("detail")).contains("signal-service");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void aServiceThatNeverAnswersIsCutOffByTheResponseTimeout() throws Exception {
		// The HTTP client's response timeout is the only timer per request
		// (Resilience4j's
		// time limiter is off): without it this request would hang for the stand-in's 60
		// s.
		long started = System.nanoTime();
		HttpResponse<String> response = send(authorized("/api/v1/users/" + this.user + "/never-answers", this.user)
			.timeout(java.time.Duration.ofSeconds(30)));
		long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		Map<?, ?> problem = problem(response, 504, "GATEWAY_TIMEOUT");
		assertThat(problem.get("detail")).isNotNull();
		assertThat(seconds).isBetween(2L, 29L);
	}

	@Test
	void unknownPathIs404Problem() throws Exception {
		problem(send(request("/api/v2/nothing")), 404, "NOT_FOUND");
	}

	@Test
	void internalAndActuatorEndpointsAreNotRouted() throws Exception {
		problem(send(request("/internal/users/abc")), 404, "NOT_FOUND");
		problem(send(request("/actuator/health")), 404, "NOT_FOUND");
		// Only circuit breakers forward to their fallbacks.
		problem(send(request("/fallback/user-service")), 404, "NOT_FOUND");
		assertThat(users.received("/internal/users/abc")).isFalse();
	}

	@Test
	void pathTraversalTowardsInternalEndpointsIsRefused() throws Exception {
		for (String traversal : new String[] { "/api/v1/users/../../../internal/users/abc",
				"/api/v1/users/%2e%2e/%2e%2e/%2e%2e/internal/users/abc", "/api/v1/users/..%2f..%2finternal",
				"/api/v1/users/x;/../../internal" }) {
			problem(send(authorized(traversal, this.user)), 400, "BAD_REQUEST");
		}
	}

	@Test
	void oversizedBodyIsRefusedAtTheEdge() throws Exception {
		HttpResponse<String> response = send(
				request("/api/v1/users/register").header("Content-Type", "application/json")
					.POST(BodyPublishers.ofString("{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}")));
		problem(response, 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void probesStayOpenOnTheManagementPort() throws Exception {
		HttpResponse<String> readiness = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.managementPort + "/actuator/health/readiness"))
			.build(), BodyHandlers.ofString());
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
	}

	@Test
	void healthIs200AndReportsEachDownstream() throws Exception {
		HttpResponse<String> response = send(request("/health"));
		assertThat(response.statusCode()).isEqualTo(200);
		Map<?, ?> body = this.json.readValue(response.body(), Map.class);
		assertThat(body.get("service")).isEqualTo("gateway");
		assertThat(body.get("status")).isEqualTo("healthy");
		Map<?, ?> dependencies = (Map<?, ?>) body.get("dependencies");
		assertThat(dependencies.get("user-service")).isEqualTo("healthy");
		assertThat(dependencies.get("location-service")).isEqualTo("healthy");
		assertThat(dependencies.get("signal-service")).isEqualTo("unreachable");
		assertThat(dependencies.get("redis")).isEqualTo("healthy");
	}

}
