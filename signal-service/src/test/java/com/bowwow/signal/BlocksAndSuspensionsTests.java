package com.bowwow.signal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.SafetyGuard;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.signal.LocationServiceStandIn.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocked pairs never reach each other and suspended users send and receive nothing: when
 * a wave is planned, when a block or suspension lands while it travels, when responding
 * and when reading what was received. The safety read model is written straight into
 * Redis, as user-service writes it.
 */
class BlocksAndSuspensionsTests extends SignalIntegrationTest {

	@Autowired
	SafetyGuard guard;

	@Test
	void aBlockedPairIsLeftOutWhenTheWaveIsPlannedWhoeverBlocked() throws Exception {
		UserId sender = UserId.random();
		UserId blocker = UserId.random();
		UserId bystander = UserId.random();
		LocationServiceStandIn.place(blocker, 0.2, 0);
		LocationServiceStandIn.place(bystander, 0.3, 90);
		block(blocker, sender);

		UUID signalId = send(sender, ORIGIN, 1);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from pending_arrivals where signal_id = ? and receiver_id = ?", Long.class, signalId,
				blocker.value()))
			.as("never planned")
			.isZero();
		awaitReceipt(signalId, bystander);
		awaitWaveDone(signalId);
		assertThat(hasReceipt(signalId, blocker)).isFalse();

		// The other way round: the blocker's own signal does not reach the one they
		// blocked.
		LocationServiceStandIn.place(sender, 0.2, 180);
		UUID back = send(blocker, LocationServiceStandIn.place(blocker, 0, 0), 1);
		awaitReceipt(back, bystander);
		awaitWaveDone(back);
		assertThat(hasReceipt(back, sender)).isFalse();
		assertThat(messagesTo(sender)).isEmpty();
		assertThat(messagesTo(blocker)).isEmpty();
	}

	@Test
	void aBlockThatLandsWhileTheWaveTravelsStopsIt() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		UserId bystander = UserId.random();
		LocationServiceStandIn.place(receiver, 2.0, 0);
		LocationServiceStandIn.place(bystander, 2.2, 180);

		UUID signalId = send(sender, ORIGIN, 3);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from pending_arrivals where signal_id = ? and receiver_id = ?", Long.class, signalId,
				receiver.value()))
			.as("planned before the block")
			.isEqualTo(1);
		// The receiver blocks the sender about two seconds before the front reaches them.
		block(receiver, sender);

		awaitReceipt(signalId, bystander);
		awaitWaveDone(signalId);
		assertThat(hasReceipt(signalId, receiver)).isFalse();
		assertThat(messagesTo(receiver)).as("no signal_received").isEmpty();
		assertThat(outboxEventsMentioning(receiver)).as("no ArrivalsDelivered, so no push").isEmpty();
		assertThat(outboxEventsMentioning(bystander)).contains("ArrivalsDelivered");
	}

	@Test
	void aReceiverSuspendedWhileTheWaveTravelsReceivesNothing() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		UserId bystander = UserId.random();
		LocationServiceStandIn.place(receiver, 2.0, 45);
		LocationServiceStandIn.place(bystander, 2.1, 225);

		UUID signalId = send(sender, ORIGIN, 3);
		suspend(receiver);

		awaitReceipt(signalId, bystander);
		awaitWaveDone(signalId);
		assertThat(hasReceipt(signalId, receiver)).isFalse();
		assertThat(messagesTo(receiver)).isEmpty();
		assertThat(outboxEventsMentioning(receiver)).isEmpty();
	}

	@Test
	void aSenderSuspendedWhileTheirWaveTravelsReachesNobodyMore() throws Exception {
		UserId sender = UserId.random();
		UserId near = UserId.random();
		UserId far = UserId.random();
		LocationServiceStandIn.place(near, 0.05, 0);
		LocationServiceStandIn.place(far, 2.5, 90);

		UUID signalId = send(sender, ORIGIN, 3);
		awaitReceipt(signalId, near);
		suspend(sender);

		awaitWaveDone(signalId);
		assertThat(hasReceipt(signalId, far)).isFalse();
		assertThat(messagesTo(far)).isEmpty();
		assertThat(outboxEventsMentioning(far)).isEmpty();
	}

	@Test
	void aReceiverDeletedWhileTheWaveTravelsReceivesNothingAtOnce() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		UserId bystander = UserId.random();
		LocationServiceStandIn.place(receiver, 2.0, 45);
		LocationServiceStandIn.place(bystander, 2.1, 225);

		UUID signalId = send(sender, ORIGIN, 3);
		// user-service marks the deletion in the read model before its 204; the
		// UserDeleted event that removes the rows may come later
		this.redis.opsForSet().add(SafetyReads.DELETED_KEY, receiver.toString());

		awaitReceipt(signalId, bystander);
		awaitWaveDone(signalId);
		assertThat(hasReceipt(signalId, receiver)).isFalse();
		assertThat(messagesTo(receiver)).isEmpty();
		assertThat(outboxEventsMentioning(receiver)).isEmpty();
	}

	@Test
	void aSenderDeletedWhileTheirWaveTravelsReachesNobodyMore() throws Exception {
		UserId sender = UserId.random();
		UserId near = UserId.random();
		UserId far = UserId.random();
		LocationServiceStandIn.place(near, 0.05, 0);
		LocationServiceStandIn.place(far, 2.5, 90);

		UUID signalId = send(sender, ORIGIN, 3);
		awaitReceipt(signalId, near);
		this.redis.opsForSet().add(SafetyReads.DELETED_KEY, sender.toString());

		awaitWaveDone(signalId);
		assertThat(hasReceipt(signalId, far)).isFalse();
		assertThat(messagesTo(far)).isEmpty();
		assertThat(outboxEventsMentioning(far)).isEmpty();
	}

	@Test
	void aSuspendedSenderCannotSend() throws Exception {
		UserId sender = UserId.random();
		suspend(sender);
		problem(trySend(sender, ORIGIN, 1), 403, "ACCOUNT_SUSPENDED");
		assertThat(this.jdbc.queryForObject("select count(*) from signals where sender_id = ?", Long.class,
				sender.value()))
			.isZero();
	}

	@Test
	void neitherSideOfABlockCanRespond() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		LocationServiceStandIn.place(receiver, 0.1, 0);
		UUID signalId = send(sender, ORIGIN, 1);
		awaitReceipt(signalId, receiver);
		block(sender, receiver);

		problem(post("/api/v1/signals/" + signalId + "/respond", "", receiver), 403, "USER_BLOCKED");
		assertThat(this.jdbc.queryForObject("select count(*) from signals where responds_to = ?", Long.class, signalId))
			.isZero();
	}

	@Test
	void aResponseGivenBeforeTheBlockIsNotHandedOutAgainAfterIt() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		LocationServiceStandIn.place(receiver, 0.1, 0);
		UUID signalId = send(sender, ORIGIN, 1);
		awaitReceipt(signalId, receiver);
		assertThat(post("/api/v1/signals/" + signalId + "/respond", "", receiver).statusCode()).isEqualTo(201);
		block(receiver, sender);

		problem(post("/api/v1/signals/" + signalId + "/respond", "", receiver), 403, "USER_BLOCKED");
	}

	@Test
	void theReceivedListHidesBlockedAndSuspendedSenders() throws Exception {
		UserId reader = UserId.random();
		UserId blocked = UserId.random();
		UserId friend = UserId.random();
		UserId suspended = UserId.random();
		LocationServiceStandIn.place(reader, 0.1, 0);
		UUID fromBlocked = send(blocked, ORIGIN, 1);
		UUID fromFriend = send(friend, ORIGIN, 1);
		UUID fromSuspended = send(suspended, ORIGIN, 1);
		awaitReceipt(fromBlocked, reader);
		awaitReceipt(fromFriend, reader);
		awaitReceipt(fromSuspended, reader);
		block(reader, blocked);
		suspend(suspended);

		assertThat(signalIds(reader)).containsExactly(fromFriend.toString());

		// The read model is read live: lifting both shows them again.
		this.redis.opsForSet().remove(SafetyReads.blocksKey(reader), blocked.toString());
		this.redis.opsForSet().remove(SafetyReads.blocksKey(blocked), reader.toString());
		this.redis.opsForSet().remove(SafetyReads.SUSPENDED_KEY, suspended.toString());
		assertThat(signalIds(reader)).containsExactlyInAnyOrder(fromBlocked.toString(), fromFriend.toString(),
				fromSuspended.toString());
	}

	@Test
	void theDeliveryCheckFindsExactlyTheForbiddenArrivalsOfAMixedBatch() {
		UserId firstSender = UserId.random();
		UserId secondSender = UserId.random();
		UserId suspendedSender = UserId.random();
		UserId blockedReceiver = UserId.random();
		UserId suspendedReceiver = UserId.random();
		block(blockedReceiver, firstSender);
		suspend(suspendedReceiver);
		suspend(suspendedSender);
		Arrival blocked = arrival(firstSender, blockedReceiver);
		Arrival fine = arrival(firstSender, UserId.random());
		// blocked with the first sender only, not with the second
		Arrival otherSender = arrival(secondSender, blockedReceiver);
		Arrival toSuspended = arrival(secondSender, suspendedReceiver);
		Arrival fromSuspended = arrival(suspendedSender, UserId.random());

		List<Arrival> forbidden = this.guard.forbidden(List.of(blocked, fine, otherSender, toSuspended, fromSuspended));

		assertThat(forbidden).containsExactlyInAnyOrder(blocked, toSuspended, fromSuspended);
		assertThat(this.guard.forbidden(List.of())).isEmpty();
	}

	private List<Object> signalIds(UserId reader) throws Exception {
		return list(get("/api/v1/signals/received/" + reader, reader)).stream()
			.map((Map<?, ?> entry) -> (Object) entry.get("signalID"))
			.toList();
	}

	private static Arrival arrival(UserId sender, UserId receiver) {
		return new Arrival(UUID.randomUUID(), sender, receiver, Instant.now(), 100, CompassDirection.N, 100,
				CompassDirection.S, com.bowwow.signal.api.SignalKind.SIGNAL);
	}

}
