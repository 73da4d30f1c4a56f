package com.bowwow.push.testpush;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.push.MockApns;
import com.bowwow.push.PushIntegrationTest;
import com.bowwow.push.UserServiceStandIn;
import com.bowwow.push.delivery.Delivery;
import com.bowwow.push.delivery.DeliveryStatus;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /api/v1/push/test}. */
class TestPushTests extends PushIntegrationTest {

	@Test
	void aTestPushReachesTheCallersDeviceAndIsRateLimited() throws Exception {
		String token = MockApns.newDeviceToken();
		UserId user = UserServiceStandIn.user(token);

		HttpResponse<String> accepted = call("POST", "/api/v1/push/test", TestTokens.authorization(user));

		assertThat(accepted.statusCode()).isEqualTo(202);
		Map<String, Object> queued = body(accepted);
		assertThat(queued).containsEntry("receiverID", user.toString())
			.containsEntry("kind", "test")
			.containsEntry("status", "pending")
			.containsKeys("deliveryID", "queuedAt");
		UUID deliveryId = UUID.fromString((String) queued.get("deliveryID"));
		Delivery delivery = await().atMost(WAIT)
			.until(() -> this.deliveries.find(deliveryId).orElseThrow(), (d) -> d.status() != DeliveryStatus.PENDING);
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(delivery.kind()).isEqualTo(SignalKind.TEST);
		Map<String, Object> payload = map(MockApns.acceptedFor(token).get(0).payload());
		assertThat(payload).containsEntry("kind", "test");

		HttpResponse<String> tooSoon = call("POST", "/api/v1/push/test", TestTokens.authorization(user));
		assertThat(tooSoon.statusCode()).isEqualTo(429);
		assertThat(body(tooSoon).get("code")).isEqualTo("PUSH_TEST_RATE_LIMITED");
		assertThat(tooSoon.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10));
		assertThat(MockApns.requestsFor(token)).isEqualTo(1);
	}

	@Test
	void offlineUsersAndDeadTokensAreAConflictAndDoNotUseTheBudget() throws Exception {
		UserId offline = UserServiceStandIn.user(MockApns.newDeviceToken(), DistanceUnit.MILE, true);
		HttpResponse<String> refused = call("POST", "/api/v1/push/test", TestTokens.authorization(offline));
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(body(refused).get("code")).isEqualTo("PUSH_USER_OFFLINE");

		UserId dead = UserServiceStandIn.user(MockApns.newDeviceToken());
		UserServiceStandIn.tokenDead(dead);
		HttpResponse<String> deadToken = call("POST", "/api/v1/push/test", TestTokens.authorization(dead));
		assertThat(deadToken.statusCode()).isEqualTo(409);
		assertThat(body(deadToken).get("code")).isEqualTo("PUSH_DEVICE_TOKEN_DEAD");

		UserId deleted = UserId.random();
		assertThat(call("POST", "/api/v1/push/test", TestTokens.authorization(deleted)).statusCode()).isEqualTo(404);
	}

	@Test
	void aTestPushNeedsAValidUserToken() throws Exception {
		assertThat(call("POST", "/api/v1/push/test", null).statusCode()).isEqualTo(401);
		assertThat(call("POST", "/api/v1/push/test", "Bearer " + TestTokens.expired(UserId.random())).statusCode())
			.isEqualTo(401);
		assertThat(call("POST", "/api/v1/push/test", "Bearer " + OPERATOR_TOKEN).statusCode()).isEqualTo(401);
	}

}
