package com.bowwow.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ConcurrentHashMap;

import com.bowwow.common.internal.ServiceTokens;
import com.bowwow.e2e.GatewayClient.Account;
import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges as an attacker meets them on the running stack: percent-encoded paths draw
 * from the same budgets as plain ones, {@code /internal/**} answers only the service it
 * is meant for, and a user near the pole (beyond Redis GEO's ±85.05°) is served like
 * anyone else.
 */
@ExtendWith(StackExtension.class)
class EdgesIT {

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void percentEncodedPathsDrawFromTheUsersBudget() throws Exception {
		Account flooder = this.client.register("mile");
		String id = flooder.userId();
		// Every variant is the same route once decoded; each must reach the service and
		// count.
		List<String> variants = List.of("/%61pi/v1/users/" + id, "/api/v1/%75sers/" + id,
				"/api/v1/users/%" + Integer.toHexString(id.charAt(0)) + id.substring(1), "/api/%76%31/users/" + id);
		HttpResponse<String> limited = null;
		int answered = 0;
		for (int i = 0; i < 300 && limited == null; i++) {
			HttpResponse<String> response = this.client.send("GET", variants.get(i % variants.size()), flooder, null);
			if (response.statusCode() == 429) {
				limited = response;
			}
			else {
				assertThat(response.statusCode()).as(variants.get(i % variants.size()) + ": " + response.body())
					.isEqualTo(200);
				assertThat(this.client.read(response).get("userID")).isEqualTo(id);
				answered++;
			}
		}
		// The shipped per-user budget: a burst of 60, then 2 per second.
		assertThat(limited).as("no 429 within 300 encoded requests").isNotNull();
		assertThat(answered).isBetween(60, 90);
		assertThat(this.client.read(limited).get("code")).isEqualTo("RATE_LIMITED");
		// The plain path is out of budget too.
		assertThat(this.client.send("GET", "/api/v1/users/" + id, flooder, null).statusCode()).isEqualTo(429);
	}

	@Test
	void percentEncodedCredentialPathsDrawFromTheRegistrationBudget() throws Exception {
		// One client address of its own (the stack trusts one proxy hop, as behind the
		// load balancer), so the other journeys' registrations do not count here.
		String address = "198.51.100." + (1 + (int) (Math.random() * 250));
		List<String> variants = List.of("/api/v1/users/%72egister", "/%61pi/v1/users/register", "/api/v1/users/%74oken",
				"/api/v1/%75sers/token", "/api/v1/users/register");
		int burst = Integer.parseInt(StackExtension.REGISTRATION_BURST);
		int perSecond = Integer.parseInt(StackExtension.REGISTRATION_PER_MINUTE) / 60;
		int total = burst + 1000;
		Map<String, Integer> refused = new ConcurrentHashMap<>();
		AtomicInteger answered = new AtomicInteger();
		List<String> unexpected = new CopyOnWriteArrayList<>();
		long started = System.nanoTime();
		// In parallel, faster than the budget refills: an empty body is refused by
		// user-service (400/401) without writing anything, but only after the gateway
		// drew from the budget.
		Semaphore inFlight = new Semaphore(32);
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			String path = variants.get(i % variants.size());
			inFlight.acquire();
			sent.add(this.http
				.sendAsync(HttpRequest.newBuilder(StackExtension.stack().gateway().resolve(path))
					.header("Content-Type", "application/json")
					.header("X-Forwarded-For", address)
					.POST(BodyPublishers.ofString("{}"))
					.build(), BodyHandlers.ofString())
				.whenComplete((response, failure) -> {
					inFlight.release();
					if (failure != null) {
						unexpected.add(path + ": " + failure);
					}
					else if (response.statusCode() == 429) {
						refused.merge(path, 1, Integer::sum);
					}
					else if (response.statusCode() == 400 || response.statusCode() == 401) {
						answered.incrementAndGet();
					}
					else {
						unexpected.add(path + ": " + response.statusCode() + " " + response.body());
					}
				}));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(unexpected).isEmpty();
		assertThat(refused.keySet()).as("every spelling is refused once the budget is spent")
			.containsExactlyInAnyOrderElementsOf(variants);
		// Were any spelling not counted, four fifths of the requests would pass.
		assertThat(answered.get()).as("answered in %.1f s", seconds)
			.isBetween(burst, burst + (int) Math.ceil(perSecond * seconds) + 5);
	}

	@Test
	void internalEndpointsAnswerOnlyTheirCaller() throws Exception {
		Account user = this.client.register("mile");
		String id = user.userId();
		List<String> failures = new ArrayList<>();

		// From outside: the gateway routes no /internal path, however it is spelled.
		for (String path : List.of("/internal/users/" + id + "/push-target", "/%69nternal/export/" + id,
				"/api/v1/internal/export/" + id, "/api/v1/%2e%2e/internal/export/" + id)) {
			HttpResponse<String> response = this.client.send("GET", path, user, null);
			if (response.statusCode() != 404 && response.statusCode() != 400 || !response.headers()
				.firstValue("Content-Type")
				.orElse("")
				.startsWith("application/problem+json")) {
				failures.add("gateway " + path + ": " + response.statusCode() + " " + response.body());
			}
		}

		// Straight at each service (a foothold inside the network): no token, a user's
		// token, another service's token are refused; the intended caller is served.
		record Internal(int port, String method, String path, String caller, String wrongCaller, String body) {

			Internal(int port, String method, String path, String caller, String wrongCaller) {
				this(port, method, path, caller, wrongCaller, null);
			}

		}
		List<Internal> endpoints = List.of(
				new Internal(8001, "GET", "/internal/users/" + id + "/push-target", "push-service", "signal-service"),
				new Internal(8001, "POST", "/internal/users/push-targets", "push-service", "signal-service",
						"{\"userIDs\":[\"" + id + "\"]}"),
				new Internal(8002, "GET", "/internal/locations/within?latitude=48.85&longitude=2.35&radiusMeters=1000",
						"signal-service", "push-service"),
				new Internal(8002, "GET", "/internal/locations/positions?userID=" + id, "signal-service",
						"analytics-service"),
				new Internal(8002, "GET", "/internal/export/" + id, "user-service", "signal-service"),
				new Internal(8003, "GET", "/internal/export/" + id, "user-service", "push-service"),
				new Internal(8004, "GET", "/internal/export/" + id, "user-service", "location-service"));
		for (Internal endpoint : endpoints) {
			String audience = serviceAt(endpoint.port());
			String what = audience + " " + endpoint.path();
			expectStatus(failures, what + " without a token",
					direct(endpoint.port(), endpoint.path(), null, endpoint.body()), 401);
			expectStatus(failures, what + " with a user's token",
					direct(endpoint.port(), endpoint.path(), user.token(), endpoint.body()), 401);
			expectStatus(failures, what + " with " + endpoint.wrongCaller() + "'s token", direct(endpoint.port(),
					endpoint.path(), serviceToken(endpoint.wrongCaller(), audience), endpoint.body()), 403);
			expectStatus(failures, what + " with a token for another audience", direct(endpoint.port(), endpoint.path(),
					serviceToken(endpoint.caller(), "analytics-service"), endpoint.body()), 401);
			HttpResponse<String> served = direct(endpoint.port(), endpoint.path(),
					serviceToken(endpoint.caller(), audience), endpoint.body());
			if (served.statusCode() != 200) {
				failures.add(
						what + " with " + endpoint.caller() + "'s token: " + served.statusCode() + " " + served.body());
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void aUserNearThePoleSeesNeighboursAndSignals() throws Exception {
		// 89.5° N: valid, but beyond what Redis GEO indexes.
		Account sender = this.client.register("kilometer");
		Account neighbour = this.client.register("kilometer");
		this.client.moveTo(sender, 89.5, 10.0);
		this.client.moveTo(neighbour, 89.5, 12.0);
		this.client.awaitNearby(sender, List.of(neighbour.userId()), null);
		Map<?, ?> seen = this.client.nearby(neighbour)
			.stream()
			.filter((entry) -> sender.userId().equals(entry.get("userID")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the neighbour near the pole does not see the sender"));
		// 2° of longitude at 89.5° is about 1.9 km; shown from the sender's grid cell.
		assertThat(((Number) seen.get("distance")).doubleValue()).isBetween(1.0, 3.0);
		HttpResponse<String> signal = this.client.sendSignal(sender, 89.5, 10.0, null);
		assertThat(signal.statusCode()).as(signal.body()).isEqualTo(201);
		assertThat(this.client.read(signal).get("signalID")).isNotNull();
	}

	private static String serviceAt(int port) {
		return switch (port) {
			case 8001 -> "user-service";
			case 8002 -> "location-service";
			case 8003 -> "signal-service";
			case 8004 -> "push-service";
			default -> throw new IllegalArgumentException("no internal endpoints on " + port);
		};
	}

	private static String serviceToken(String caller, String audience) throws Exception {
		return new ServiceTokens(caller, ECKey.parse(StackExtension.stack().serviceSigningKey(caller)),
				Duration.ofSeconds(60), Clock.systemUTC())
			.tokenFor(audience);
	}

	private HttpResponse<String> direct(int port, String path, String token) throws Exception {
		return direct(port, path, token, null);
	}

	/** A GET, or a POST of this JSON body when there is one. */
	private HttpResponse<String> direct(int port, String path, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + (port + StackExtension.PORT_OFFSET) + path))
			.timeout(Duration.ofSeconds(20))
			.header("X-Request-Id", UUID.randomUUID().toString());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (body != null) {
			request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static void expectStatus(List<String> failures, String what, HttpResponse<String> response, int status) {
		if (response.statusCode() != status
				|| !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			failures.add(what + ": " + response.statusCode() + " " + response.body());
		}
	}

}
