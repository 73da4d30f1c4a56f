package com.bowwow.push.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.push.MockApns;
import com.bowwow.push.PushIntegrationTest;
import com.bowwow.push.UserServiceStandIn;
import com.bowwow.push.api.PushEvents;
import com.bowwow.signal.api.SignalEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blocks and suspensions at push time: the receipt was written before the block or
 * suspension landed (the event is already on its way), and still no push goes out. The
 * safety read model is written the way user-service writes it.
 */
class SafetySkipTests extends PushIntegrationTest {

	@Test
	void aPushBetweenUsersBlockedAfterTheReceiptIsSkipped() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		UserId sender = UserId.random();
		block(receiver, sender);
		SignalEvents.Delivery arrival = arrival(sender, receiver, SignalKind.SIGNAL);

		publish(arrivals(arrival));

		Delivery delivery = awaitFinal(receiver, arrival.signalId());
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SKIPPED);
		assertThat(delivery.reason()).isEqualTo("blocked");
		assertThat(MockApns.requestsFor(token)).isZero();
		assertThat(count("bowwow.push.skipped", "reason", "blocked")).isPositive();
		await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes()).anySatisfy((outcome) -> {
			assertThat(outcome.signalId()).isEqualTo(arrival.signalId());
			assertThat(outcome.outcome()).isEqualTo(PushEvents.Outcome.SKIPPED);
			assertThat(outcome.reason()).isEqualTo("blocked");
		}));
	}

	@Test
	void theBlockWorksBothWaysAndForResponses() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		UserId responder = UserId.random();
		// the receiver of the response is the one who blocked
		block(receiver, responder);
		SignalEvents.Delivery response = arrival(responder, receiver, SignalKind.RESPONSE);

		publish(arrivals(response));

		assertThat(awaitFinal(receiver, response.signalId()).reason()).isEqualTo("blocked");
		assertThat(MockApns.requestsFor(token)).isZero();
	}

	@Test
	void aSenderWhoJustDeletedTheirAccountIsNotPushedAbout() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		UserId deletedSender = UserId.random();
		// user-service marks the deletion before its 204, before UserDeleted arrives
		this.redis.opsForSet().add(SafetyReads.DELETED_KEY, deletedSender.toString());
		SignalEvents.Delivery arrival = arrival(deletedSender, receiver, SignalKind.SIGNAL);

		publish(arrivals(arrival));

		assertThat(awaitFinal(receiver, arrival.signalId()).reason()).isEqualTo("deleted");
		assertThat(MockApns.requestsFor(token)).isZero();
	}

	@Test
	void aSuspendedSenderOrReceiverGetsNoPush() {
		String suspendedToken = MockApns.newDeviceToken();
		UserId suspendedReceiver = UserServiceStandIn.user(suspendedToken);
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, suspendedReceiver.toString());
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		UserId suspendedSender = UserId.random();
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, suspendedSender.toString());
		SignalEvents.Delivery toSuspended = arrival(UserId.random(), suspendedReceiver, SignalKind.SIGNAL);
		SignalEvents.Delivery fromSuspended = arrival(suspendedSender, receiver, SignalKind.SIGNAL);

		publish(arrivals(toSuspended, fromSuspended));

		assertThat(awaitFinal(suspendedReceiver, toSuspended.signalId()).reason()).isEqualTo("suspended");
		assertThat(awaitFinal(receiver, fromSuspended.signalId()).reason()).isEqualTo("suspended");
		assertThat(MockApns.requestsFor(suspendedToken)).isZero();
		assertThat(MockApns.requestsFor(token)).isZero();
	}

	@Test
	void othersOfTheSameBatchAreStillPushed() {
		String blockedToken = MockApns.newDeviceToken();
		UserId blockedReceiver = UserServiceStandIn.user(blockedToken);
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		UserId sender = UserId.random();
		block(sender, blockedReceiver);
		SignalEvents.Delivery blocked = arrival(sender, blockedReceiver, SignalKind.SIGNAL);
		SignalEvents.Delivery fine = new SignalEvents.Delivery(blocked.signalId(), receiver, sender, SignalKind.SIGNAL,
				300, CompassDirection.N, Instant.now(), Instant.now(), Instant.now().plusSeconds(600));

		publish(arrivals(blocked, fine));

		assertThat(awaitFinal(blockedReceiver, blocked.signalId()).status()).isEqualTo(DeliveryStatus.SKIPPED);
		assertThat(awaitFinal(receiver, fine.signalId()).status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(MockApns.acceptedFor(token)).hasSize(1);
		assertThat(MockApns.requestsFor(blockedToken)).isZero();
	}

	@Test
	void everyPushOfAMixedBatchGetsItsOwnReasonFromOneRead() {
		List<String> tokens = new ArrayList<>();
		List<UserId> receivers = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			tokens.add(MockApns.newDeviceToken());
			receivers.add(UserServiceStandIn.user(tokens.get(i)));
		}
		UserId sender = UserId.random();
		UserId suspendedSender = UserId.random();
		UserId deletedSender = UserId.random();
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, suspendedSender.toString(), receivers.get(2).toString());
		this.redis.opsForSet().add(SafetyReads.DELETED_KEY, deletedSender.toString());
		block(sender, receivers.get(1));
		// suspension outranks the block, the block outranks the deletion
		block(suspendedSender, receivers.get(3));
		block(deletedSender, receivers.get(5));
		List<SignalEvents.Delivery> batch = List.of(arrival(sender, receivers.get(0), SignalKind.SIGNAL),
				arrival(sender, receivers.get(1), SignalKind.SIGNAL),
				arrival(sender, receivers.get(2), SignalKind.RESPONSE),
				arrival(suspendedSender, receivers.get(3), SignalKind.SIGNAL),
				arrival(deletedSender, receivers.get(4), SignalKind.SIGNAL),
				arrival(deletedSender, receivers.get(5), SignalKind.SIGNAL));

		publish(arrivals(batch.toArray(SignalEvents.Delivery[]::new)));

		List<String> reasons = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			reasons.add(awaitFinal(receivers.get(i), batch.get(i).signalId()).reason());
		}
		assertThat(reasons).containsExactly(null, "blocked", "suspended", "suspended", "deleted", "blocked");
		assertThat(MockApns.acceptedFor(tokens.get(0))).hasSize(1);
		for (int i = 1; i < batch.size(); i++) {
			assertThat(MockApns.requestsFor(tokens.get(i))).isZero();
		}
	}

	@Test
	void anUnreadableSafetyModelNeverLetsAPushOutUnchecked() throws Exception {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		SignalEvents.Delivery arrival = arrival(UserId.random(), receiver, SignalKind.SIGNAL);
		try (AutoCloseable unreadable = unreadableSafetyOf(receiver)) {
			publish(arrivals(arrival));

			Delivery delivery = awaitFinal(receiver, arrival.signalId());
			assertThat(delivery.status()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
			assertThat(delivery.reason()).isEqualTo("safety_unavailable");
			assertThat(delivery.attempts()).isEqualTo(3);
			assertThat(MockApns.requestsFor(token)).isZero();
		}
	}

	@Test
	void aTestPushInTheSameRoundAsAnUncheckableArrivalStillGoesOut() throws Exception {
		String testToken = MockApns.newDeviceToken();
		UserId tester = UserServiceStandIn.user(testToken);
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		SignalEvents.Delivery arrival = arrival(UserId.random(), receiver, SignalKind.SIGNAL);
		// Both due at the same instant: the retry worker attempts them in one round.
		Instant now = Instant.now();
		Instant due = now.plusMillis(300);
		try (AutoCloseable unreadable = unreadableSafetyOf(receiver)) {
			this.deliveries.insertIfAbsent(DeliveryRequest.test(tester, now.plusSeconds(600)), now, due);
			this.deliveries.insertIfAbsent(DeliveryRequest.of(arrival), now, due);

			Delivery test = awaitFinal(tester, null);
			assertThat(test.status()).isEqualTo(DeliveryStatus.SENT);
			assertThat(MockApns.acceptedFor(testToken)).hasSize(1);
			assertThat(awaitFinal(receiver, arrival.signalId()).reason()).isEqualTo("safety_unavailable");
			assertThat(MockApns.requestsFor(token)).isZero();
		}
	}

	/**
	 * A real Redis failure on every safety read that names the user (WRONGTYPE on their
	 * block set) until closed.
	 */
	private AutoCloseable unreadableSafetyOf(UserId user) {
		this.redis.opsForValue().set(SafetyReads.blocksKey(user), "corrupt");
		return () -> this.redis.delete(SafetyReads.blocksKey(user));
	}

	/** A block as user-service writes it: into both users' sets. */
	private void block(UserId blocker, UserId blocked) {
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocker), blocked.toString());
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocked), blocker.toString());
	}

	private static SignalEvents.Delivery arrival(UserId sender, UserId receiver, SignalKind kind) {
		Instant now = Instant.now();
		return new SignalEvents.Delivery(UUID.randomUUID(), receiver, sender, kind, 500, CompassDirection.S, now, now,
				now.plusSeconds(600));
	}

}
