package com.bowwow.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.e2e.GatewayClient.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes on the e2e stack, which runs push-service in log mode (no APNs credentials):
 * every push is recorded as it would be sent, and operators see the records through the
 * gateway. A signal leads to a sent push for an online receiver and to none for an
 * offline one; a user's test push is accepted once and then rate limited.
 */
@ExtendWith(StackExtension.class)
class PushIT {

	private static final double LATITUDE = 37.7700;

	private static final double LONGITUDE = -122.4400;

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	@Test
	void aSignalIsPushedToTheOnlineReceiverAndNotToTheOfflineOne() throws Exception {
		Account sender = this.client.register("mile");
		Account online = this.client.register("kilometer");
		Account offline = this.client.register("mile");
		this.client.goOffline(offline, "mile");
		this.client.moveTo(sender, LATITUDE, LONGITUDE);
		this.client.moveTo(online, LATITUDE + 0.3 * GatewayClient.MILE_NORTH, LONGITUDE);
		this.client.moveTo(offline, LATITUDE - 0.3 * GatewayClient.MILE_NORTH, LONGITUDE);
		this.client.awaitNearby(sender, List.of(online.userId()), offline.userId());

		HttpResponse<String> sent = this.client.sendSignal(sender, LATITUDE, LONGITUDE, 2.0);
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		String signalId = (String) this.client.read(sent).get("signalID");

		Map<?, ?> pushed = awaitDelivery(online, signalId);
		assertThat(pushed.get("status")).isEqualTo("sent");
		assertThat(pushed.get("kind")).isEqualTo("signal");
		assertThat(pushed.get("senderID")).isEqualTo(sender.userId());
		assertThat(pushed.get("unit")).isEqualTo("kilometer");
		assertThat(pushed.get("attempts")).isEqualTo(1);

		// the wave passed the offline user (0.3 mi) as long ago as the online one
		List<Map<?, ?>> toOffline = deliveries("receiverID=" + offline.userId());
		assertThat(toOffline).noneMatch((delivery) -> "sent".equals(delivery.get("status")));
	}

	@Test
	void aTestPushIsAcceptedThenRateLimitedAndRecorded() throws Exception {
		Account user = this.client.register("mile");

		HttpResponse<String> accepted = this.client.send("POST", "/api/v1/push/test", user, null);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		assertThat(this.client.read(accepted).get("receiverID")).isEqualTo(user.userId());
		HttpResponse<String> again = this.client.send("POST", "/api/v1/push/test", user, null);
		assertThat(again.statusCode()).as(again.body()).isEqualTo(429);
		assertThat(again.headers().firstValue("Retry-After")).isPresent();

		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (true) {
			List<Map<?, ?>> records = deliveries("receiverID=" + user.userId());
			if (!records.isEmpty() && "sent".equals(records.get(0).get("status"))) {
				assertThat(records).singleElement()
					.satisfies((record) -> assertThat(record.get("kind")).isEqualTo("test"));
				break;
			}
			assertThat(Instant.now()).as("test push record of %s: %s", user.userId(), records).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	@Test
	void deliveryRecordsAreForTheOperatorOnly() throws Exception {
		Account user = this.client.register("mile");
		assertThat(this.client.send("GET", "/api/v1/push/operator/deliveries", (String) null, null).statusCode())
			.isEqualTo(401);
		assertThat(this.client.send("GET", "/api/v1/push/operator/deliveries", user, null).statusCode()).isEqualTo(401);
		assertThat(this.client.send("GET", "/api/v1/push/operator/dead-letters", StackExtension.OPERATOR_TOKEN, null)
			.statusCode()).isEqualTo(200);
	}

	private Map<?, ?> awaitDelivery(Account receiver, String signalId) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (true) {
			List<Map<?, ?>> records = deliveries("receiverID=" + receiver.userId() + "&signalID=" + signalId);
			if (!records.isEmpty() && !"pending".equals(records.get(0).get("status"))) {
				return records.get(0);
			}
			assertThat(Instant.now()).as("push record of %s for %s: %s", receiver.userId(), signalId, records)
				.isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private List<Map<?, ?>> deliveries(String query) throws Exception {
		HttpResponse<String> response = this.client.send("GET", "/api/v1/push/operator/deliveries?" + query,
				StackExtension.OPERATOR_TOKEN, null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ((List<?>) this.client.read(response).get("deliveries")).stream()
			.<Map<?, ?>>map((entry) -> (Map<?, ?>) entry)
			.toList();
	}

}
