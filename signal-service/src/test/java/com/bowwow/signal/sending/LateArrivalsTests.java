package com.bowwow.signal.sending;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalKind;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.SignalIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * People who come within reach after the wave left are reached, and the wave's travelling
 * state is durable: a wave started by an instance that stopped is watched by the others.
 */
class LateArrivalsTests extends SignalIntegrationTest {

	@Autowired
	private io.micrometer.core.instrument.MeterRegistry meters;

	@Autowired
	LateArrivals lateArrivals;

	@BeforeEach
	void nobodyAround() {
		LocationServiceStandIn.clear();
	}

	@Test
	void someoneWhoComesIntoRangeAfterTheWaveLeftIsReachedOnce() throws Exception {
		UserId sender = UserId.random();
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 3);
		assertThat(this.jdbc.queryForObject("select count(*) from travelling_waves where signal_id = ?", Long.class,
				signalId))
			.as("the travelling wave is in the database")
			.isEqualTo(1);
		UserId newcomer = UserId.random();
		LocationServiceStandIn.place(newcomer, 2.8, 90);

		awaitReceipt(signalId, newcomer);
		// the front has passed everyone it may reach: nothing is watched any more
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from travelling_waves where signal_id = ?",
					Long.class, signalId) == 0);
		assertThat(this.jdbc.queryForObject("select count(*) from receipts where signal_id = ?", Long.class, signalId))
			.isEqualTo(1);
	}

	/**
	 * A check reads only who moved since the last answer it used, never the whole disc
	 * again, and moves on only once its newcomers are planned: someone who moves in while
	 * location-service cannot answer is found once it can.
	 */
	@Test
	void checksAskOnlyForMoversSinceTheLastAnswerAndLoseNobodyWhileLocationServiceIsDown() throws Exception {
		UserId sender = UserId.random();
		UserId stays = UserId.random();
		LocationServiceStandIn.place(stays, 1, 180);
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 5);
		Timestamp startedFrom = this.jdbc.queryForObject("select moved_since from travelling_waves where signal_id = ?",
				Timestamp.class, signalId);
		assertThat(startedFrom).as("the send's audience answer").isNotNull();
		// The first check resumes from the send's answer (a wave an earlier test left
		// travelling may ask too).
		await().atMost(Duration.ofSeconds(5))
			.until(() -> LocationServiceStandIn.movedSinceAsked().contains(startedFrom.toInstant()));

		LocationServiceStandIn.setUp(false);
		UserId newcomer = UserId.random();
		LocationServiceStandIn.place(newcomer, 4.5, 90);
		Thread.sleep(600);
		String movedSince = "select moved_since from travelling_waves where signal_id = ?";
		Timestamp outageBegan = this.jdbc.queryForObject(movedSince, Timestamp.class, signalId);
		Thread.sleep(1_000);
		assertThat(this.jdbc.queryForObject(movedSince, Timestamp.class, signalId))
			.as("failed checks do not move the wave on")
			.isEqualTo(outageBegan);
		LocationServiceStandIn.setUp(true);

		awaitReceipt(signalId, newcomer);
		assertThat(LocationServiceStandIn.movedSinceAsked()).as("every check asked for movers only")
			.hasSizeGreaterThan(2);
		assertThat(this.jdbc.queryForObject("select count(*) from receipts where signal_id = ? and receiver_id = ?",
				Long.class, signalId, stays.value()))
			.as("the one who stayed put is reached once, by the send's plan")
			.isEqualTo(1);
	}

	@Test
	void aLargeAudienceLeavesNearestFirstAndTheRestIsPlannedRightAfterAndAnnouncedOnce() throws Exception {
		UserId sender = UserId.random();
		List<UserId> receivers = placeOutwards(8, 0.5, 45);
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 5);
		awaitAnnounced(signalId);
		assertThat(limitsAsked(sender)).as("the nearest first, then the rest in one ring")
			.startsWith(FIRST_AUDIENCE, 4 * FIRST_AUDIENCE);

		receivers.forEach((receiver) -> awaitReceipt(signalId, receiver));
		assertThat(this.jdbc.queryForObject("select receiver_count from signals where id = ?", Integer.class, signalId))
			.isEqualTo(8);
		assertThat(this.jdbc.queryForObject("select audience_complete from travelling_waves where signal_id = ?",
				Boolean.class, signalId))
			.isTrue();
		assertThat(signalSent(signalId)).as("announced once, with the whole count").containsExactly(8);
	}

	/**
	 * The rest of a large audience is read ring by ring outwards, each ring from a little
	 * inside the last one's farthest: every receiver is read about once (the last of each
	 * ring again at most) and reached once, and the wave is announced once with them all.
	 */
	@Test
	void theRestOfALargeAudienceIsReadRingByRingEachReceiverOnce() throws Exception {
		UserId sender = UserId.random();
		int audience = 10 * FIRST_AUDIENCE;
		List<UserId> receivers = placeOutwards(audience, 0.15, 37);
		long ringsTimed = ringsTimed();
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 5);
		awaitAnnounced(signalId);
		assertThat(ringsTimed() - ringsTimed).as("each ring's read and store timed").isEqualTo(3);
		List<LocationServiceStandIn.Read> reads = LocationServiceStandIn.reads(sender);
		assertThat(reads).as("the nearest, then three rings").hasSize(4);
		assertThat(reads.get(0).beyondMeters()).isZero();
		assertThat(reads.subList(1, 4)).allSatisfy((ring) -> {
			assertThat(ring.limit()).isEqualTo(4 * FIRST_AUDIENCE);
			assertThat(ring.beyondMeters()).isPositive();
		});
		assertThat(reads.stream().mapToInt(LocationServiceStandIn.Read::returned).sum()).as("read about once")
			.isLessThanOrEqualTo(audience + 3);

		assertReachedCountedAndAnnouncedOnce(signalId, receivers);
	}

	/**
	 * Rings that take longer in all than a sender is given before a check plans its owed
	 * audience: each stored ring puts that check off, so nobody reads and stores the
	 * whole disc a second time while the sender is still at it.
	 */
	@Test
	void aSenderStillStoringRingsPutsOffTheCheckThatWouldPlanTheRest() throws Exception {
		LocationServiceStandIn.ringDelay(Duration.ofMillis(1_200));
		UserId sender = UserId.random();
		int audience = 15 * FIRST_AUDIENCE;
		List<UserId> receivers = placeOutwards(audience, 0.1, 29);
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 5);
		receivers.forEach((receiver) -> awaitReceipt(signalId, receiver));
		assertThat(LocationServiceStandIn.reads(sender)).as("rings only, over more than the 3.5 s a sender is given")
			.hasSizeGreaterThanOrEqualTo(5)
			.noneMatch((read) -> read.limit() == UsersWithin.MAX_LIMIT);
		assertThat(signalSent(signalId)).containsExactly(audience);
	}

	/**
	 * The sender is answered once the nearest are stored and the wave has left: the rest
	 * is read and stored after the answer (it took 1-4 s for 10,000 receivers).
	 */
	@Test
	void theSenderIsAnsweredBeforeTheRestIsRead() throws Exception {
		LocationServiceStandIn.ringDelay(Duration.ofMillis(1_500));
		UserId sender = UserId.random();
		List<UserId> receivers = placeOutwards(3 * FIRST_AUDIENCE, 0.2, 31);
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 5);
		assertThat(limitsAsked(sender)).as("answered after the nearest only").containsExactly(FIRST_AUDIENCE);
		assertThat(signalSent(signalId)).as("not announced before the rest is planned").isEmpty();
		assertReachedCountedAndAnnouncedOnce(signalId, receivers);
	}

	private void awaitAnnounced(UUID signalId) {
		await().atMost(Duration.ofSeconds(10)).until(() -> !signalSent(signalId).isEmpty());
	}

	/**
	 * {@code count} receivers from 0.3 miles outwards, {@code stepMiles} apart, each
	 * {@code bearingStep} degrees around from the last.
	 */
	private static List<UserId> placeOutwards(int count, double stepMiles, int bearingStep) {
		List<UserId> receivers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			UserId receiver = UserId.random();
			LocationServiceStandIn.place(receiver, 0.3 + stepMiles * i, bearingStep * i);
			receivers.add(receiver);
		}
		return receivers;
	}

	/** Each receiver has one receipt, the wave counts them all and was announced once. */
	private void assertReachedCountedAndAnnouncedOnce(UUID signalId, List<UserId> receivers) {
		receivers.forEach((receiver) -> awaitReceipt(signalId, receiver));
		assertThat(
				this.jdbc.queryForObject("select count(*) from receipts where signal_id = ?", Integer.class, signalId))
			.isEqualTo(receivers.size());
		assertThat(this.jdbc.queryForObject("select receiver_count from signals where id = ?", Integer.class, signalId))
			.isEqualTo(receivers.size());
		assertThat(signalSent(signalId)).as("announced once, with the whole count").containsExactly(receivers.size());
	}

	private static List<Integer> limitsAsked(UserId sender) {
		return LocationServiceStandIn.reads(sender).stream().map(LocationServiceStandIn.Read::limit).toList();
	}

	private long ringsTimed() {
		long read = this.meters.get("bowwow.signal.send.stage").tag("stage", "rest_read").timer().count();
		long store = this.meters.get("bowwow.signal.send.stage").tag("stage", "rest_store").timer().count();
		assertThat(read).isEqualTo(store);
		return read;
	}

	/**
	 * location-service fails after the first ring of the rest: the rings stored so far
	 * stay, the check that plans an owed audience plans the others once the sender's time
	 * is up, and every receiver is reached once, counted once and announced once.
	 */
	@Test
	void aSenderWhoseRingsFailMidwayLeavesTheRestToTheCheck() throws Exception {
		LocationServiceStandIn.failRingsAfter(1);
		UserId sender = UserId.random();
		int audience = 10 * FIRST_AUDIENCE;
		List<UserId> receivers = placeOutwards(audience, 0.15, 41);
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 5);
		String count = "select receiver_count from signals where id = ?";
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.jdbc.queryForObject(count, Integer.class, signalId) > FIRST_AUDIENCE);
		assertThat(this.jdbc.queryForObject(count, Integer.class, signalId)).as("the nearest and one ring")
			.isLessThan(audience);
		assertReachedCountedAndAnnouncedOnce(signalId, receivers);
	}

	/**
	 * A location-service from before rings (during a rolling deployment) answers a ring
	 * query with the nearest again: the sender sees no progress and reads the whole disc
	 * once instead of looping.
	 */
	@Test
	void aLocationServiceThatDoesNotKnowRingsStillGetsEveryoneTheSignal() throws Exception {
		LocationServiceStandIn.knowsRings(false);
		UserId sender = UserId.random();
		int audience = 6 * FIRST_AUDIENCE;
		List<UserId> receivers = placeOutwards(audience, 0.2, 53);
		UUID signalId = send(sender, LocationServiceStandIn.ORIGIN, 5);
		awaitAnnounced(signalId);
		assertThat(limitsAsked(sender)).as("the nearest, a ring, then the whole disc")
			.containsExactly(FIRST_AUDIENCE, 4 * FIRST_AUDIENCE, 4 * FIRST_AUDIENCE, UsersWithin.MAX_LIMIT);
		receivers.forEach((receiver) -> awaitReceipt(signalId, receiver));
		assertThat(signalSent(signalId)).containsExactly(audience);
	}

	/**
	 * As an instance leaves a wave that died after it left with its nearest receivers and
	 * before it planned the rest: any instance's check plans everyone still missing,
	 * those the front already passed included (late rather than never), and announces it
	 * once.
	 */
	@Test
	void theRestOfAnAudienceWhoseSenderDiedIsPlannedByACheckOverdueOnesIncluded() {
		UserId sender = UserId.random();
		UUID signalId = UUID.randomUUID();
		Instant sentAt = Instant.now().minusSeconds(2);
		double reach = 4 * MILE;
		UserId first = UserId.random();
		LocationServiceStandIn.place(first, 0.2, 0);
		UserId passed = UserId.random();
		LocationServiceStandIn.place(passed, 1, 90);
		UserId ahead = UserId.random();
		LocationServiceStandIn.place(ahead, 3.5, 180);
		this.jdbc.update("""
				insert into signals (id, sender_id, kind, sent_at, expires_at, max_distance_m, sender_unit, speed_mps,
				                     receiver_count)
				values (?, ?, 'signal', ?, ?, ?, 'mile', ?, 1)
				""", signalId, sender.value(), Timestamp.from(sentAt), Timestamp.from(sentAt.plusSeconds(600)), reach,
				MILE);
		// the nearest one was delivered already
		this.jdbc.update(
				"""
						insert into receipts (signal_id, receiver_id, sender_id, kind, distance_m, direction, due_at, received_at)
						values (?, ?, ?, 'signal', ?, 'N', ?, ?)
						""",
				signalId, first.value(), sender.value(), 0.2 * MILE, Timestamp.from(sentAt.plusMillis(200)),
				Timestamp.from(sentAt.plusMillis(200)));
		this.jdbc.update(
				"""
						insert into travelling_waves (signal_id, origin_latitude, origin_longitude, front_done_at, next_check_at,
						                              audience_complete)
						values (?, ?, ?, ?, ?, false)
						""",
				signalId, LocationServiceStandIn.ORIGIN.latitude(), LocationServiceStandIn.ORIGIN.longitude(),
				Timestamp.from(sentAt.plusSeconds(5)), Timestamp.from(sentAt));

		awaitReceipt(signalId, passed);
		awaitReceipt(signalId, ahead);
		assertThat(this.jdbc.queryForObject("select count(*) from receipts where signal_id = ? and receiver_id = ?",
				Long.class, signalId, first.value()))
			.as("the one reached before is not reached again")
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select receiver_count from signals where id = ?", Integer.class, signalId))
			.isEqualTo(3);
		await().atMost(Duration.ofSeconds(5)).until(() -> !signalSent(signalId).isEmpty());
		assertThat(signalSent(signalId)).as("announced once, with the whole count").containsExactly(3);
	}

	/**
	 * The sender reads and stores the rest itself; a check that started meanwhile would
	 * read and store the whole disc a second time, so an owed audience is first checked
	 * once the sender's read has timed out (3 s) and a check interval passed.
	 */
	@Test
	void anOwedAudienceIsLeftToItsSenderUntilItsReadHasTimedOut() {
		UserId sender = UserId.random();
		Instant sentAt = Instant.now();
		Wave wave = new Wave(UUID.randomUUID(), sender, SignalKind.SIGNAL, null, LocationServiceStandIn.ORIGIN, sentAt,
				sentAt.plusSeconds(600), 4 * MILE, DistanceUnit.MILE, MILE);
		this.jdbc.update("""
				insert into signals (id, sender_id, kind, sent_at, expires_at, max_distance_m, sender_unit, speed_mps)
				values (?, ?, 'signal', ?, ?, ?, 'mile', ?)
				""", wave.signalId(), sender.value(), Timestamp.from(sentAt), Timestamp.from(wave.expiresAt()),
				wave.maxDistanceMeters(), MILE);

		this.lateArrivals.followIncomplete(wave);

		Timestamp firstCheck = this.jdbc.queryForObject(
				"select next_check_at from travelling_waves where signal_id = ? and not audience_complete",
				Timestamp.class, wave.signalId());
		assertThat(Duration.between(sentAt, firstCheck.toInstant())).isGreaterThanOrEqualTo(Duration.ofMillis(3_500));
	}

	/** The receiver counts of every {@code SignalSent} of the signal in the outbox. */
	private List<Integer> signalSent(UUID signalId) {
		return this.jdbc
			.queryForList("select payload from event_outbox where event_type = 'SignalSent' and payload like ?",
					String.class, "%" + signalId + "%")
			.stream()
			.map((payload) -> ((Number) this.json.readValue(payload, java.util.Map.class).get("receiverCount"))
				.intValue())
			.toList();
	}

	@Test
	void aWaveWhoseInstanceStoppedIsWatchedByTheOthers() {
		// As an instance that crashed right after the send leaves it: the signal and its
		// travelling state, nothing in any other instance's memory.
		UserId sender = UserId.random();
		UUID signalId = UUID.randomUUID();
		Instant sentAt = Instant.now();
		double reach = 3 * MILE;
		this.jdbc.update("""
				insert into signals (id, sender_id, kind, sent_at, expires_at, max_distance_m, sender_unit, speed_mps)
				values (?, ?, 'signal', ?, ?, ?, 'mile', ?)
				""", signalId, sender.value(), Timestamp.from(sentAt), Timestamp.from(sentAt.plusSeconds(600)), reach,
				MILE);
		this.jdbc.update(
				"""
						insert into travelling_waves (signal_id, origin_latitude, origin_longitude, front_done_at, next_check_at)
						values (?, ?, ?, ?, ?)
						""",
				signalId, LocationServiceStandIn.ORIGIN.latitude(), LocationServiceStandIn.ORIGIN.longitude(),
				Timestamp.from(sentAt.plusSeconds(4)), Timestamp.from(sentAt));
		UserId newcomer = UserId.random();
		LocationServiceStandIn.place(newcomer, 2.5, 0);

		awaitReceipt(signalId, newcomer);
		Timestamp dueAt = this.jdbc.queryForObject(
				"select due_at from receipts where signal_id = ? and receiver_id = ?", Timestamp.class, signalId,
				newcomer.value());
		assertThat(Duration.between(sentAt, dueAt.toInstant()).toMillis()).as("due when the front reaches them")
			.isBetween(2300L, 2700L);
	}

}
