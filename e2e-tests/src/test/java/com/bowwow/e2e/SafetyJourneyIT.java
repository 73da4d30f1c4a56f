package com.bowwow.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.e2e.GatewayClient.Account;
import com.bowwow.e2e.GatewayClient.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocks, reports, suspension and offline mode, through the gateway only. Every check of
 * "is hidden" runs right after the 2xx, without waiting: a block or suspension must be in
 * force everywhere before its answer arrives.
 */
@ExtendWith(StackExtension.class)
class SafetyJourneyIT {

	/** Around Tokyo Station, away from the other journeys' users. */
	private static final double LATITUDE = 35.6812;

	private static final double LONGITUDE = 139.7671;

	private static final double MILE = GatewayClient.MILE_NORTH;

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	@Test
	void aBlockHidesBothUsersFromEachOtherAtOnceInNearbySignalsAndResponses() throws Exception {
		double latitude = LATITUDE;
		Account blocker = this.client.register("mile");
		Account blocked = this.client.register("mile");
		Account bystander = this.client.register("mile");
		Account earlierSender = this.client.register("mile");
		this.client.moveTo(blocker, latitude, LONGITUDE);
		this.client.moveTo(blocked, latitude + 0.5 * MILE, LONGITUDE);
		this.client.moveTo(bystander, latitude - 0.5 * MILE, LONGITUDE);
		this.client.moveTo(earlierSender, latitude, LONGITUDE + 0.02);
		this.client.awaitNearby(blocker, List.of(blocked.userId(), bystander.userId(), earlierSender.userId()), null);

		// A signal received before the block, to answer afterwards.
		HttpResponse<String> earlier = this.client.sendSignal(earlierSender, latitude, LONGITUDE + 0.02, 3.0);
		assertThat(earlier.statusCode()).as(earlier.body()).isEqualTo(201);
		String earlierSignal = (String) this.client.read(earlier).get("signalID");
		awaitReceipt(blocker, earlierSignal);

		HttpResponse<String> block = block(blocker, blocked.userId());
		assertThat(block.statusCode()).as(block.body()).isEqualTo(201);
		assertThat(this.client.read(block).get("blockedUserID")).isEqualTo(blocked.userId());
		assertThat(ids(this.client.nearby(blocker))).doesNotContain(blocked.userId()).contains(bystander.userId());
		assertThat(ids(this.client.nearby(blocked))).as("a block works both ways")
			.doesNotContain(blocker.userId())
			.contains(bystander.userId());
		assertThat(block(blocker, blocked.userId()).statusCode()).as("blocking again").isEqualTo(200);
		HttpResponse<String> list = this.client.send("GET", "/api/v1/users/" + blocker.userId() + "/blocks", blocker,
				null);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(this.client.readList(list)).singleElement()
			.satisfies((entry) -> assertThat(((Map<?, ?>) entry).get("blockedUserID")).isEqualTo(blocked.userId()));

		// The blocked user's signal reaches the bystander, never the blocker; and the
		// other way round.
		try (Stream blockerStream = this.client.openStream(blocker);
				Stream bystanderStream = this.client.openStream(bystander);
				Stream blockedStream = this.client.openStream(blocked)) {
			String fromBlocked = signalId(this.client.sendSignal(blocked, latitude + 0.5 * MILE, LONGITUDE, 3.0));
			String fromBlocker = signalId(this.client.sendSignal(blocker, latitude, LONGITUDE, 3.0));
			bystanderStream.await((r) -> fromBlocked.equals(r.message().get("signalID")), Duration.ofSeconds(10));
			bystanderStream.await((r) -> fromBlocker.equals(r.message().get("signalID")), Duration.ofSeconds(10));
			Thread.sleep(1500);
			assertThat(blockerStream.ofType("signal_received"))
				.noneMatch((r) -> fromBlocked.equals(r.message().get("signalID")));
			assertThat(blockedStream.ofType("signal_received"))
				.noneMatch((r) -> fromBlocker.equals(r.message().get("signalID")));
		}
		assertThat(receivedSenders(blocker)).doesNotContain(blocked.userId());

		// Someone the blocker heard from before blocking them cannot be answered now.
		this.client.send("POST", "/api/v1/users/" + blocker.userId() + "/blocks", blocker,
				"{\"blockedUserID\":\"" + earlierSender.userId() + "\"}");
		HttpResponse<String> respond = this.client.send("POST", "/api/v1/signals/" + earlierSignal + "/respond",
				blocker, null);
		assertThat(respond.statusCode()).as(respond.body()).isEqualTo(403);
		assertProblem(respond);

		HttpResponse<String> unblock = this.client.send("DELETE",
				"/api/v1/users/" + blocker.userId() + "/blocks/" + blocked.userId(), blocker, null);
		assertThat(unblock.statusCode()).as(unblock.body()).isEqualTo(204);
		assertThat(ids(this.client.nearby(blocker))).as("unblocked: visible again at once").contains(blocked.userId());
		assertThat(ids(this.client.nearby(blocked))).contains(blocker.userId());
	}

	@Test
	void aWaveAlreadyTravellingStopsAtABlock() throws Exception {
		double latitude = LATITUDE + 0.3;
		Account sender = this.client.register("mile");
		Account far = this.client.register("mile");
		this.client.moveTo(sender, latitude, LONGITUDE);
		this.client.moveTo(far, latitude + 6 * MILE, LONGITUDE);
		this.client.awaitNearby(sender, List.of(far.userId()), null);
		try (Stream farStream = this.client.openStream(far)) {
			String signal = signalId(this.client.sendSignal(sender, latitude, LONGITUDE, 10.0));
			// The front needs about six seconds to get there.
			assertThat(block(far, sender.userId()).statusCode()).isEqualTo(201);
			Thread.sleep(8000);
			assertThat(farStream.ofType("signal_received"))
				.noneMatch((r) -> signal.equals(r.message().get("signalID")));
		}
		assertThat(receivedSenders(far)).doesNotContain(sender.userId());
	}

	@Test
	void aReportIsStoredListedForOperatorsAndBlocks() throws Exception {
		double latitude = LATITUDE + 0.6;
		Account reporter = this.client.register("mile");
		Account reported = this.client.register("mile");
		this.client.moveTo(reporter, latitude, LONGITUDE);
		this.client.moveTo(reported, latitude + 0.3 * MILE, LONGITUDE);
		this.client.awaitNearby(reporter, List.of(reported.userId()), null);

		HttpResponse<String> report = this.client.send("POST", "/api/v1/reports", reporter,
				"{\"reportedUserID\":\"" + reported.userId() + "\",\"reason\":\"harassment\",\"note\":\"follows me\"}");
		assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
		Map<?, ?> filed = this.client.read(report);
		assertThat(filed.get("status")).isEqualTo("open");
		assertThat((String) filed.get("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		String reportId = (String) filed.get("reportID");
		assertThat(ids(this.client.nearby(reporter))).as("a report also blocks").doesNotContain(reported.userId());
		assertThat(ids(this.client.nearby(reported))).doesNotContain(reporter.userId());

		HttpResponse<String> open = this.client.send("GET", "/api/v1/operator/reports?status=open",
				StackExtension.OPERATOR_TOKEN, null);
		assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
		assertThat(open.body()).contains(reportId).contains(reported.userId()).contains("harassment");

		for (String body : List.of("{\"reportedUserID\":\"" + reported.userId() + "\",\"reason\":\"rude\"}",
				"{\"reportedUserID\":\"" + reported.userId() + "\",\"reason\":7}",
				"{\"reportedUserID\":\"" + reported.userId() + "\"}",
				"{\"reportedUserID\":\"not-a-uuid\",\"reason\":\"spam\"}",
				"{\"reportedUserID\":\"" + reporter.userId() + "\",\"reason\":\"spam\"}", "[]")) {
			HttpResponse<String> refused = this.client.send("POST", "/api/v1/reports", reporter, body);
			assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
			assertProblem(refused);
		}
		HttpResponse<String> unknown = this.client.send("POST", "/api/v1/reports", reporter,
				"{\"reportedUserID\":\"" + UUID.randomUUID() + "\",\"reason\":\"spam\"}");
		assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
		assertProblem(unknown);
	}

	@Test
	void blockingRefusesBadInputWithProblems() throws Exception {
		Account user = this.client.register("mile");
		Account other = this.client.register("mile");
		String path = "/api/v1/users/" + user.userId() + "/blocks";
		expectStatus(this.client.send("POST", path, user, "{\"blockedUserID\":\"" + user.userId() + "\"}"), 400);
		expectStatus(this.client.send("POST", path, user, "{\"blockedUserID\":\"" + UUID.randomUUID() + "\"}"), 404);
		expectStatus(this.client.send("POST", path, user, "{\"blockedUserID\":12}"), 400);
		expectStatus(this.client.send("POST", path, user, "{}"), 400);
		expectStatus(this.client.send("POST", path, user, "{\"blockedUserID\":\"zz\"}"), 400);
		expectStatus(this.client.send("POST", path, other, "{\"blockedUserID\":\"" + other.userId() + "\"}"), 403);
		expectStatus(this.client.send("DELETE", path + "/" + other.userId(), user, null), 204);
		expectStatus(this.client.send("DELETE", path + "/not-a-uuid", user, null), 400);
	}

	@Test
	void aSuspendedUserIsRefusedAndInvisibleUntilTheSuspensionIsLifted() throws Exception {
		double latitude = LATITUDE + 0.9;
		Account suspended = this.client.register("mile");
		Account neighbour = this.client.register("mile");
		this.client.moveTo(suspended, latitude, LONGITUDE);
		this.client.moveTo(neighbour, latitude + 0.3 * MILE, LONGITUDE);
		this.client.awaitNearby(neighbour, List.of(suspended.userId()), null);

		String suspension = "/api/v1/operator/users/" + suspended.userId() + "/suspension";
		HttpResponse<String> suspend = this.client.send("POST", suspension, StackExtension.OPERATOR_TOKEN,
				"{\"reason\":\"spam waves\"}");
		assertThat(suspend.statusCode()).as(suspend.body()).isEqualTo(201);
		for (HttpResponse<String> refused : List.of(
				this.client.send("GET", "/api/v1/users/" + suspended.userId(), suspended, null),
				this.client.send("GET", "/api/v1/locations/nearby/" + suspended.userId(), suspended, null),
				this.client.report(suspended, latitude, LONGITUDE, java.time.Instant.now()),
				this.client.sendSignal(suspended, latitude, LONGITUDE, 2.0))) {
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
			assertThat(this.client.read(refused).get("code")).isEqualTo("ACCOUNT_SUSPENDED");
		}
		assertThat(ids(this.client.nearby(neighbour))).as("invisible at once").doesNotContain(suspended.userId());

		HttpResponse<String> lift = this.client.send("DELETE", suspension, StackExtension.OPERATOR_TOKEN, null);
		assertThat(lift.statusCode()).as(lift.body()).isEqualTo(204);
		HttpResponse<String> restored = this.client.send("GET", "/api/v1/users/" + suspended.userId(), suspended, null);
		assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
		this.client.awaitNearby(neighbour, List.of(suspended.userId()), null);
	}

	@Test
	void aUserInOfflineModeSeesNoOne() throws Exception {
		double latitude = LATITUDE + 1.2;
		Account offline = this.client.register("mile");
		Account neighbour = this.client.register("mile");
		this.client.moveTo(offline, latitude, LONGITUDE);
		this.client.moveTo(neighbour, latitude + 0.3 * MILE, LONGITUDE);
		this.client.awaitNearby(offline, List.of(neighbour.userId()), null);
		this.client.goOffline(offline, "mile");
		java.time.Instant deadline = java.time.Instant.now().plusSeconds(15);
		HttpResponse<String> nearby;
		do {
			nearby = this.client.send("GET", "/api/v1/locations/nearby/" + offline.userId(), offline, null);
			Thread.sleep(100);
		}
		while (nearby.statusCode() == 200 && java.time.Instant.now().isBefore(deadline));
		assertThat(nearby.statusCode()).as(nearby.body()).isEqualTo(409);
		assertThat(this.client.read(nearby).get("code")).isEqualTo("USER_OFFLINE");
		try (Stream stream = this.client.openStream(offline)) {
			stream.send("{\"type\":\"subscribe\",\"radius\":2}");
			Map<?, ?> answer = stream.next(Duration.ofSeconds(10));
			assertThat(answer.get("type")).isEqualTo("error");
			assertThat(answer.get("code")).isEqualTo("USER_OFFLINE");
		}
	}

	private HttpResponse<String> block(Account who, String whom) throws Exception {
		return this.client.send("POST", "/api/v1/users/" + who.userId() + "/blocks", who,
				"{\"blockedUserID\":\"" + whom + "\"}");
	}

	private String signalId(HttpResponse<String> sent) {
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		return (String) this.client.read(sent).get("signalID");
	}

	/** Sender IDs in the user's received list. */
	private List<String> receivedSenders(Account user) throws Exception {
		HttpResponse<String> received = this.client.send("GET", "/api/v1/signals/received/" + user.userId(), user,
				null);
		assertThat(received.statusCode()).isEqualTo(200);
		return this.client.readList(received)
			.stream()
			.map((e) -> String.valueOf(((Map<?, ?>) e).get("senderID")))
			.toList();
	}

	private void awaitReceipt(Account receiver, String signalId) throws Exception {
		java.time.Instant deadline = java.time.Instant.now().plusSeconds(15);
		while (true) {
			HttpResponse<String> received = this.client.send("GET", "/api/v1/signals/received/" + receiver.userId(),
					receiver, null);
			if (received.body().contains(signalId)) {
				return;
			}
			assertThat(java.time.Instant.now()).as("a receipt of %s", signalId).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private void expectStatus(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		if (status >= 400) {
			assertProblem(response);
		}
	}

	private void assertProblem(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.client.read(response).get("code")).isNotNull();
	}

	private static List<String> ids(List<Map<?, ?>> users) {
		return users.stream().map((u) -> String.valueOf(u.get("userID"))).toList();
	}

}
