package com.bowwow.gateway;

import java.net.http.HttpRequest.BodyPublishers;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/**
 * When the service behind a hot route is down or hangs, the express lane answers as the
 * full chain's circuit breaker and fallback do ({@link ExpressLaneComparison}). Two lanes
 * for the test: one to signal-service (a closed port), one to a location-service path
 * that never answers (the response timeout is 3 s here).
 */
@TestPropertySource(properties = { "bowwow.gateway.express.routes[0].method=POST",
		"bowwow.gateway.express.routes[0].path=/api/v1/signals/express",
		"bowwow.gateway.express.routes[0].service=signal-service", "bowwow.gateway.express.routes[1].method=POST",
		"bowwow.gateway.express.routes[1].path=/api/v1/locations/never-answers",
		"bowwow.gateway.express.routes[1].service=location-service" })
class ExpressLaneFailureTests extends ExpressLaneComparison {

	@Test
	void aServiceThatIsDownIsAnswered503Alike() throws Exception {
		assertSameProblem("/api/v1/signals/express", 503, "SERVICE_UNAVAILABLE");
	}

	@Test
	void aServiceThatHangsIsAnswered504Alike() throws Exception {
		assertSameProblem("/api/v1/locations/never-answers", 504, "GATEWAY_TIMEOUT");
	}

	private void assertSameProblem(String path, int status, String code) throws Exception {
		String token = TestTokens.bearer(UserId.random());
		Seen chain = sendCounted(path, "the first request", post(path, token), 0);
		Seen lane = sendCounted(path, "the second request", post(path, token), 1);
		problem(chain.response(), status, code);
		problem(lane.response(), status, code);
		assertSameAnswer(chain, lane);
	}

	private java.net.http.HttpRequest.Builder post(String path, String token) {
		return request(path).header("Authorization", "Bearer " + token).POST(BodyPublishers.ofString("{}"));
	}

}
