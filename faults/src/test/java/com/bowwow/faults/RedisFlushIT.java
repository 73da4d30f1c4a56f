package com.bowwow.faults;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.devstack.DevStack;
import com.bowwow.faults.GatewayClient.Account;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 3: {@code FLUSHALL} under traffic, right after a deletion and a signal were
 * accepted. Nearby is correct again within 10 s (the neighbour shown, the deleted user
 * not), the deleted user's token is still refused, the cool-down and the gateway's
 * per-user limit still apply, and the deletion and the push reach the services that act
 * on them (their events must not be lost with Redis).
 */
@Order(5)
@ExtendWith(FaultStack.class)
class RedisFlushIT {

	private static final double LATITUDE = 39.7400;

	private static final double LONGITUDE = -104.9900;

	@Test
	void aFlushedRedisLosesNothing() throws Exception {
		DevStack stack = FaultStack.stack();
		GatewayClient client = new GatewayClient(stack.gateway());
		Database database = new Database(stack.infrastructure());
		Report report = new Report("Scenario 3: Redis FLUSHALL under traffic");
		Account viewer = client.register("mile");
		Account neighbour = client.register("mile");
		Account doomed = client.register("mile");
		Account sender = client.register("mile");
		Account receiver = client.register("mile");
		client.moveTo(viewer, LATITUDE, LONGITUDE);
		double[] near = Crowd.offset(LATITUDE, LONGITUDE, 0.3, 90);
		client.moveTo(neighbour, near[0], near[1]);
		double[] doomedAt = Crowd.offset(LATITUDE, LONGITUDE, 0.2, 180);
		client.moveTo(doomed, doomedAt[0], doomedAt[1]);
		double[] senderAt = Crowd.offset(LATITUDE, LONGITUDE, 3, 0);
		client.moveTo(sender, senderAt[0], senderAt[1]);
		double[] receiverAt = Crowd.offset(senderAt[0], senderAt[1], 0.3, 0);
		client.moveTo(receiver, receiverAt[0], receiverAt[1]);
		client.awaitNearby(viewer, List.of(neighbour.userId(), doomed.userId()), "-");
		client.awaitNearby(sender, List.of(receiver.userId()), "-");
		List<Account> phones = Crowd.register(client, FaultStack.FULL ? 40 : 10,
				(i) -> Crowd.offset(LATITUDE, LONGITUDE, 1 + i % 3, i * 29));
		Traffic traffic = new Traffic(client, phones, LATITUDE, LONGITUDE);
		Thread.sleep(2000);

		HttpResponse<String> deleted = client.send("DELETE", "/api/v1/users/" + doomed.userId(), doomed, null);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		HttpResponse<String> sent = client.sendSignal(sender, senderAt[0], senderAt[1], 1.0);
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		String signalId = (String) client.read(sent).get("signalID");
		// At once: the deletion's and the arrival's events may not even be consumed yet.
		Instant flushedAt = Instant.now();
		stack.flushRedis();
		// The deleted user's token, tried at once and then until refused: 401, or 503
		// while the revocation markers are rebuilt (nobody's standing can be told); any
		// other answer means a service let it through.
		HttpResponse<String> moveAfterFlush = client.report(doomed, doomedAt[0], doomedAt[1], Instant.now());
		List<Integer> tokenAnswers = new java.util.ArrayList<>();
		Duration tokenRefusedAfter = null;
		Instant tokenDeadline = flushedAt.plus(Duration.ofSeconds(30));
		while (Instant.now().isBefore(tokenDeadline)) {
			int status = client.send("GET", "/api/v1/users/" + doomed.userId(), doomed, null).statusCode();
			tokenAnswers.add(status);
			if (status == 401) {
				tokenRefusedAfter = Duration.between(flushedAt, Instant.now());
				break;
			}
			Thread.sleep(250);
		}

		// Nearby: the neighbour back, the deleted user never.
		Duration nearbyCorrectAfter = null;
		boolean doomedSeen = false;
		Instant deadline = flushedAt.plus(Duration.ofSeconds(FaultStack.FULL ? 60 : 30));
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> answer = client.send("GET", "/api/v1/locations/nearby/" + viewer.userId(), viewer,
					null);
			if (answer.statusCode() == 200) {
				List<String> ids = client.readList(answer)
					.stream()
					.map((e) -> String.valueOf(((Map<?, ?>) e).get("userID")))
					.toList();
				doomedSeen |= ids.contains(doomed.userId());
				if (ids.contains(neighbour.userId()) && !ids.contains(doomed.userId()) && nearbyCorrectAfter == null) {
					nearbyCorrectAfter = Duration.between(flushedAt, Instant.now());
					break;
				}
			}
			Thread.sleep(250);
		}
		long tokenAccepted = tokenAnswers.stream().filter((status) -> status != 401 && status != 503).count();
		HttpResponse<String> again = client.sendSignal(sender, senderAt[0], senderAt[1], 1.0);
		// the gateway's per-user burst is 60: 90 requests at once must meet it
		List<Integer> burst = Crowd.inParallel(30, java.util.stream.IntStream
			.range(0, 90).<java.util.concurrent.Callable<Integer>>mapToObj((
					i) -> () -> client.send("GET", "/api/v1/users/" + neighbour.userId(), neighbour, null).statusCode())
			.toList());
		long limited = burst.stream().filter((s) -> s == 429).count();
		// The deletion reaches push-service (it erases the user's records) and the
		// arrival before the flush reaches push-service as a push request.
		Instant eventDeadline = Instant.now().plus(Duration.ofSeconds(60));
		long erased = 0;
		Map<String, Integer> pushes = Map.of();
		while (Instant.now().isBefore(eventDeadline)) {
			erased = database.count("select count(*) from push_service.erased_users where user_id = ?::uuid",
					doomed.userId());
			pushes = Waves.pushesPerReceiver(database, signalId, 1, Duration.ZERO);
			if (erased == 1 && pushes.containsKey(receiver.userId())) {
				break;
			}
			Thread.sleep(500);
		}
		traffic.close();
		Map<String, Long> statuses = new java.util.TreeMap<>();
		traffic.outcomes().forEach((o) -> statuses.merge(o.request() + " " + o.status(), 1L, Long::sum));
		report.put("injected", "FLUSHALL right after a DELETE (204) and a signal (201) were accepted")
			.put("traffic", phones.size() + " phones moving and asking nearby: " + statuses)
			.put("checked", "nearby correct within 10 s; deleted user's token refused; cool-down and per-user limit"
					+ " apply; the deletion reaches push-service (erased_users); the arrival becomes a push request")
			.put("figures", "nearby correct after "
					+ ((nearbyCorrectAfter == null) ? "never (within the wait)"
							: String.format("%.1f s", nearbyCorrectAfter.toMillis() / 1000.0))
					+ "; deleted user shown after the flush: " + doomedSeen + "; deleted user's token accepted "
					+ tokenAccepted + " times after the flush (answers " + tokenAnswers + ", refused again after "
					+ ((tokenRefusedAfter == null) ? "never"
							: String.format("%.1f s", tokenRefusedAfter.toMillis() / 1000.0))
					+ "), its position update at once answered " + moveAfterFlush.statusCode()
					+ "; second signal answered " + again.statusCode() + "; " + limited
					+ " of 90 burst requests limited (429); erased in push-service: " + (erased == 1)
					+ "; push requests for the signal: " + pushes.size() + " " + Waves.pushStatuses(database, signalId))
			.put("lost",
					((erased == 1) ? "" : "UserDeleted (push-service never erased the user) ")
							+ (pushes.containsKey(receiver.userId()) ? "" : "ArrivalsDelivered (no push request) ")
							+ ((nearbyCorrectAfter == null) ? "nearby index " : "")
							+ ((tokenAccepted == 0) ? "" : "revocation markers (token accepted for a while) ")
							+ ((moveAfterFlush.statusCode() / 100 == 2)
									? "the deleted user's token (a position update accepted)" : ""))
			.print();
		assertThat(nearbyCorrectAfter).as("nearby correct again after the flush").isNotNull();
		assertThat(nearbyCorrectAfter).as("nearby correct again within 10 s")
			.isLessThanOrEqualTo(Duration.ofSeconds(10));
		assertThat(doomedSeen).as("the deleted user shown nearby after the flush").isFalse();
		assertThat(moveAfterFlush.statusCode())
			.as("a deleted user's position update after the flush: %s", moveAfterFlush.body())
			.isIn(401, 503);
		assertThat(tokenAccepted).as("times the deleted user's token was accepted after the flush: %s", tokenAnswers)
			.isZero();
		assertThat(again.statusCode()).as("a second signal within the hour: %s", again.body()).isEqualTo(429);
		assertThat(limited).as("requests over the per-user burst that were limited").isPositive();
		assertThat(erased).as("push-service learned of the deletion").isEqualTo(1);
		assertThat(pushes).as("push requested for the arrival before the flush").containsKey(receiver.userId());
	}

}
