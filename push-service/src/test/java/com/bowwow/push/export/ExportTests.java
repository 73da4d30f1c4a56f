package com.bowwow.push.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.push.MockApns;
import com.bowwow.push.PushIntegrationTest;
import com.bowwow.push.UserServiceStandIn;
import com.bowwow.signal.api.SignalEvents;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /internal/export/{userID}}: the pushes to the user as written, and only a
 * count of the pushes to others about the user's signals (never their tokens).
 */
class ExportTests extends PushIntegrationTest {

	/** Only user-service may ask, with its service token. */
	private static final String USER_SERVICE = "Bearer "
			+ com.bowwow.common.internal.ServiceTokens.development("user-service", java.time.Clock.systemUTC())
				.tokenFor("push-service");

	@Test
	void thePushesToTheUserAndNoOtherUsersToken() throws Exception {
		String token = MockApns.newDeviceToken();
		UserId user = UserServiceStandIn.user(token, DistanceUnit.KILOMETER, false);
		String otherToken = MockApns.newDeviceToken();
		UserId other = UserServiceStandIn.user(otherToken);
		Instant now = Instant.now();
		SignalEvents.Delivery toUser = new SignalEvents.Delivery(UUID.randomUUID(), user, other, SignalKind.SIGNAL,
				2400, CompassDirection.NE, now, now, now.plusSeconds(600));
		SignalEvents.Delivery toOther = new SignalEvents.Delivery(UUID.randomUUID(), other, user, SignalKind.SIGNAL,
				500, CompassDirection.S, now, now, now.plusSeconds(600));
		publish(arrivals(toUser, toOther));
		awaitFinal(user, toUser.signalId());
		awaitFinal(other, toOther.signalId());

		var response = call(HttpMethod.GET.name(), "/internal/export/" + user, USER_SERVICE);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> document = body(response);
		List<Map<String, Object>> deliveries = list(document.get("deliveries"));
		assertThat(deliveries).hasSize(1);
		assertThat(deliveries.get(0)).containsEntry("signalID", toUser.signalId().toString())
			.containsEntry("senderID", other.toString())
			.containsEntry("distance", 2.4)
			.containsEntry("unit", "kilometer")
			.containsEntry("direction", "NE")
			.containsEntry("status", "sent")
			.containsEntry("deviceToken", token);
		assertThat(document).containsEntry("pushesAboutYourSignals", 1);
		assertThat(response.body()).doesNotContain(otherToken).doesNotContain(toOther.signalId().toString());
	}

}
