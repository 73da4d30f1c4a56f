package com.bowwow.push.operator;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.push.MockApns;
import com.bowwow.push.MockApns.Verdict;
import com.bowwow.push.PushIntegrationTest;
import com.bowwow.push.UserServiceStandIn;
import com.bowwow.push.delivery.Delivery;
import com.bowwow.push.delivery.DeliveryStatus;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.testsupport.TestTokens;
import com.eatthepath.pushy.apns.server.RejectionReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery records and dead letters, for the operator token only. */
class OperatorTests extends PushIntegrationTest {

	private static final String OPERATOR = "Bearer " + OPERATOR_TOKEN;

	@Test
	void pushesThatKeepFailingAreDeadLetteredAndCanBeReplayed() throws Exception {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		MockApns.answer(token, Verdict.reject(RejectionReason.SERVICE_UNAVAILABLE));
		SignalEvents.Delivery arrival = arrival(receiver, 2000, CompassDirection.NW);
		double deadLettered = count("bowwow.push.dead_lettered");

		publish(arrivals(arrival));

		Delivery dead = awaitFinal(receiver, arrival.signalId());
		assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
		assertThat(dead.attempts()).as("max-attempts in these tests").isEqualTo(3);
		assertThat(dead.reason()).isEqualTo("ServiceUnavailable");
		assertThat(dead.lastError()).contains("503");
		assertThat(MockApns.requestsFor(token)).isEqualTo(3);
		assertThat(count("bowwow.push.dead_lettered")).isGreaterThan(deadLettered);

		HttpResponse<String> listed = call("GET", "/api/v1/push/operator/dead-letters?limit=500", OPERATOR);
		assertThat(listed.statusCode()).isEqualTo(200);
		List<?> deadLetters = (List<?>) body(listed).get("deadLetters");
		assertThat(deadLetters).anySatisfy((entry) -> {
			Map<?, ?> view = (Map<?, ?>) entry;
			assertThat(view.get("deliveryID")).isEqualTo(dead.id().toString());
			assertThat(view.get("receiverID")).isEqualTo(receiver.toString());
			assertThat(view.get("status")).isEqualTo("dead_lettered");
			assertThat(view.get("attempts")).isEqualTo(3);
			assertThat((String) view.get("deviceToken")).endsWith(token.substring(56)).hasSize(9);
		});

		MockApns.answer(token, Verdict.ACCEPT);
		HttpResponse<String> replayed = call("POST", "/api/v1/push/operator/dead-letters/" + dead.id() + "/replay",
				OPERATOR);
		assertThat(replayed.statusCode()).isEqualTo(202);
		assertThat(body(replayed).get("status")).isEqualTo("pending");
		Delivery sent = awaitFinal(receiver, arrival.signalId());
		assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(sent.replays()).isEqualTo(1);
		assertThat(MockApns.acceptedFor(token)).hasSize(1);

		HttpResponse<String> again = call("POST", "/api/v1/push/operator/dead-letters/" + dead.id() + "/replay",
				OPERATOR);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(body(again).get("code")).isEqualTo("CONFLICT");
		HttpResponse<String> unknown = call("POST",
				"/api/v1/push/operator/dead-letters/" + UUID.randomUUID() + "/replay", OPERATOR);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(body(unknown).get("code")).isEqualTo("NOT_FOUND");
	}

	@Test
	void deliveriesAreListedNewestFirstAndFiltered() throws Exception {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		SignalEvents.Delivery first = arrival(receiver, 300, CompassDirection.N);
		publish(arrivals(first));
		awaitFinal(receiver, first.signalId());
		SignalEvents.Delivery second = arrival(receiver, 300, CompassDirection.N);
		publish(arrivals(second));
		awaitFinal(receiver, second.signalId());

		HttpResponse<String> all = call("GET", "/api/v1/push/operator/deliveries?receiverID=" + receiver, OPERATOR);
		assertThat(all.statusCode()).isEqualTo(200);
		List<Map<String, Object>> listed = list(body(all).get("deliveries"));
		assertThat(listed).extracting((entry) -> entry.get("signalID"))
			.containsExactly(second.signalId().toString(), first.signalId().toString());
		assertThat(listed.get(0)).containsEntry("status", "sent")
			.containsEntry("kind", "signal")
			.containsEntry("unit", "mile")
			.containsKeys("createdAt", "completedAt", "senderID", "apnsID");

		HttpResponse<String> bySignal = call("GET",
				"/api/v1/push/operator/deliveries?status=SENT&signalID=" + first.signalId() + "&limit=1", OPERATOR);
		assertThat((List<?>) body(bySignal).get("deliveries")).singleElement()
			.satisfies(
					(entry) -> assertThat(((Map<?, ?>) entry).get("signalID")).isEqualTo(first.signalId().toString()));

		HttpResponse<String> badStatus = call("GET", "/api/v1/push/operator/deliveries?status=lost", OPERATOR);
		assertThat(badStatus.statusCode()).isEqualTo(400);
		assertThat(body(badStatus).get("code")).isEqualTo("VALIDATION_FAILED");
		assertThat(call("GET", "/api/v1/push/operator/deliveries?limit=0", OPERATOR).statusCode()).isEqualTo(400);
		assertThat(call("GET", "/api/v1/push/operator/deliveries?receiverID=nope", OPERATOR).statusCode())
			.isEqualTo(400);
	}

	@Test
	void aUserDeletedMomentsAgoIsAbsentFromTheOperatorViewsBeforeTheirErasure() throws Exception {
		UserId deleted = UserServiceStandIn.user(MockApns.newDeviceToken());
		UserId other = UserServiceStandIn.user(MockApns.newDeviceToken());
		SignalEvents.Delivery received = arrival(deleted, 300, CompassDirection.N);
		java.time.Instant now = java.time.Instant.now();
		SignalEvents.Delivery sent = new SignalEvents.Delivery(UUID.randomUUID(), other, deleted, SignalKind.SIGNAL,
				300, CompassDirection.S, now, now, now.plusSeconds(600));
		publish(arrivals(received, sent));
		awaitFinal(deleted, received.signalId());
		awaitFinal(other, sent.signalId());
		assertThat(listed("receiverID=" + deleted)).hasSize(1);

		// user-service marks the deletion before its 204; UserDeleted (the erasure) comes
		// later.
		this.redis.opsForSet().add(com.bowwow.common.security.SafetyReads.DELETED_KEY, deleted.toString());
		try {
			assertThat(listed("receiverID=" + deleted)).isEmpty();
			assertThat(listed("signalID=" + sent.signalId())).as("what they sent").isEmpty();
			assertThat(listed("receiverID=" + other)).as("what they sent, listed by its receiver").isEmpty();
			assertThat(find(deleted, received.signalId())).as("not erased yet, only hidden").isNotNull();
		}
		finally {
			this.redis.opsForSet().remove(com.bowwow.common.security.SafetyReads.DELETED_KEY, deleted.toString());
		}
	}

	private List<Map<String, Object>> listed(String query) throws Exception {
		HttpResponse<String> response = call("GET", "/api/v1/push/operator/deliveries?" + query, OPERATOR);
		assertThat(response.statusCode()).isEqualTo(200);
		return list(body(response).get("deliveries"));
	}

	@Test
	void operatorEndpointsRefuseEverythingButTheOperatorToken() throws Exception {
		String userToken = "Bearer " + TestTokens.bearer(UserId.random());
		for (String[] endpoint : List.of(new String[] { "GET", "/api/v1/push/operator/deliveries" },
				new String[] { "GET", "/api/v1/push/operator/dead-letters" },
				new String[] { "POST", "/api/v1/push/operator/dead-letters/" + UUID.randomUUID() + "/replay" })) {
			for (String credential : new String[] { null, userToken, "Bearer wrong-operator-token" }) {
				HttpResponse<String> response = call(endpoint[0], endpoint[1], credential);
				assertThat(response.statusCode()).as("%s %s with %s", endpoint[0], endpoint[1], credential)
					.isEqualTo(401);
				assertThat(response.headers().firstValue("Content-Type"))
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			}
		}
	}

}
