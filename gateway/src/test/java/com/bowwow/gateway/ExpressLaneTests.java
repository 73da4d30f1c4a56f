package com.bowwow.gateway;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The express lane as a client and a service see it: indistinguishable from the full
 * chain ({@link ExpressLaneComparison}), for the production route, a location update.
 * Unusual requests never take it.
 */
class ExpressLaneTests extends ExpressLaneComparison {

	static final String NEARBY = "/api/v1/locations/nearby/";

	/** The nearby lane, as configured and counted. */
	static final String NEARBY_ROUTE = NEARBY + "*";

	@Test
	void aLocationUpdateWithAKnownTokenTakesTheLaneAndLooksTheSame() throws Exception {
		Supplier<HttpRequest.Builder> update = () -> update(this.token)
			// forwarding claims are dropped on both lanes; the request ID is kept
			.header("X-Forwarded-For", "203.0.113.9")
			.header("X-Forwarded-Host", "evil.example")
			.header("Forwarded", "for=203.0.113.9")
			.header("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793");
		Seen chain = sendCounted(update.get().header("X-Request-Id", "chain-request-0001"), 0);
		Seen lane = sendCounted(update.get().header("X-Request-Id", "lane-request-00001"), 1);

		assertSameAnswer(chain, lane);
		assertThat(lane.response().statusCode()).isEqualTo(200);
		assertThat(lane.response().headers().firstValue("X-Request-Id")).hasValue("lane-request-00001");
		Map<String, String> reached = forwardedHeaders(lane.response());
		assertThat(reached).containsEntry("x-request-id", "lane-request-00001")
			.containsEntry("x-user-id", this.user.toString())
			.containsEntry("x-amzn-trace-id", "Root=1-5759e988-bd862e3fe1be46a994272793")
			.doesNotContainKeys("x-forwarded-for", "x-forwarded-host", "forwarded");
		assertThat(reached.get("host")).isEqualTo(locations.url().substring("http://".length()));
		assertThat(forwarded(lane.response()).get("body")).isEqualTo("{\"latitude\":37.5}");
		assertThat(lane.counted()).containsOnlyKeys(
				List.of("error=none", "exception=none", "method=POST", "outcome=SUCCESS", "status=200", "uri=UNKNOWN"));
	}

	@Test
	void aNearbyQueryWithAKnownTokenTakesTheLaneAndLooksTheSame() throws Exception {
		String path = NEARBY + this.user;
		for (String query : new String[] { "?distance=2.5&limit=10", "?distance=2&note=a%20b%2Bc&limit=" }) {
			String token = TestTokens.bearer(this.user);
			Seen chain = sendCounted(NEARBY_ROUTE, "the first: " + query, nearby(path + query, token), 0);
			Seen lane = sendCounted(NEARBY_ROUTE, "the second: " + query, nearby(path + query, token), 1);
			assertSameAnswer(chain, lane);
			assertThat(forwarded(lane.response()).get("uri")).isEqualTo(path + query);
			assertThat(forwarded(lane.response()).get("method")).isEqualTo("GET");
		}
	}

	@Test
	void unusualNearbyQueriesTakeTheFullChain() throws Exception {
		String path = NEARBY + this.user;
		sendCounted(NEARBY_ROUTE, "the first", nearby(path, this.token), 0);
		sendCounted(NEARBY_ROUTE, "the second", nearby(path, this.token), 1);
		// (dot segments never reach WebFlux: the edge's Netty handler refuses them)
		for (String other : new String[] { path + "?distance=%01", NEARBY + "%75ser", NEARBY + "a/b" }) {
			sendCounted(NEARBY_ROUTE, other, nearby(other, this.token), 0);
		}
	}

	@Test
	void aSuspendedUserIsRefusedAlike() throws Exception {
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, this.user.toString());
		try {
			assertSameRefusal(403, "ACCOUNT_SUSPENDED");
		}
		finally {
			this.redis.opsForSet().remove(SafetyReads.SUSPENDED_KEY, this.user.toString());
		}
	}

	@Test
	void aDeletedUserIsRefusedAlike() throws Exception {
		this.redis.opsForValue().set(AccessTokens.revokedUserKey(this.user), "1", Duration.ofMinutes(5));
		assertSameRefusal(401, "UNAUTHORIZED");
	}

	@Test
	void aUserWithoutBudgetIsRefusedAlike() throws Exception {
		emptyBucket("user:" + this.user);
		assertSameRefusal(429, "RATE_LIMITED");
	}

	@Test
	void whenRedisLostTheStandingMarkersBothAnswer503() throws Exception {
		String marker = AccessTokens.STANDING_READY_KEYS.get(0);
		String value = this.redis.opsForValue().get(marker);
		this.redis.delete(marker);
		try {
			assertSameRefusal(503, "SERVICE_UNAVAILABLE");
		}
		finally {
			this.redis.opsForValue().set(marker, value);
		}
	}

	@Test
	void unusualRequestsTakeTheFullChain() throws Exception {
		assertThat(sendCounted("the first", update(this.token), 0).response().statusCode()).isEqualTo(200);
		// now known: each of these would take the lane but for what makes it unusual
		Map<String, HttpRequest.Builder> unusual = new TreeMap<>();
		unusual.put("a forged identity header", update(this.token).header("X-User-Id", UserId.random().toString()));
		unusual.put("an internal header", update(this.token).header("X-Internal-Caller", "signal-service"));
		unusual.put("a browser's origin", update(this.token).header("Origin", "http://localhost:3000"));
		unusual.put("a query", request(UPDATE + "?x=1").header("Authorization", "Bearer " + this.token)
			.POST(BodyPublishers.ofString("{}")));
		unusual.put("a streamed body", update(this.token)
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("{\"latitude\":37.5}".getBytes()))));
		unusual.put("a non-canonical path",
				request("/api/v1/locations/%75pdate").header("Authorization", "Bearer " + this.token)
					.POST(BodyPublishers.ofString("{}")));
		unusual.put("another method",
				request(UPDATE).header("Authorization", "Bearer " + this.token).PUT(BodyPublishers.ofString("{}")));
		for (Map.Entry<String, HttpRequest.Builder> request : unusual.entrySet()) {
			HttpResponse<String> response = sendCounted(request.getKey(), request.getValue(), 0).response();
			assertThat(response.statusCode()).as(request.getKey()).isEqualTo(200);
			// whatever the client claimed, the service learns the token's user
			assertThat(forwardedHeaders(response)).as(request.getKey())
				.containsEntry("x-user-id", this.user.toString())
				.doesNotContainKey("x-internal-caller");
		}
	}

	private void assertSameRefusal(int status, String code) throws Exception {
		Seen chain = sendCounted(update(this.token), 0);
		Seen lane = sendCounted(update(this.token), 1);
		problem(chain.response(), status, code);
		problem(lane.response(), status, code);
		assertSameAnswer(chain, lane);
	}

	HttpRequest.Builder nearby(String pathAndQuery, String token) {
		return request(pathAndQuery).header("Authorization", "Bearer " + token).GET();
	}

	Seen sendCounted(HttpRequest.Builder request, int expectedInLane) throws Exception {
		return sendCounted(UPDATE, "the request", request, expectedInLane);
	}

	Seen sendCounted(String what, HttpRequest.Builder request, int expectedInLane) throws Exception {
		return sendCounted(UPDATE, what, request, expectedInLane);
	}

}
