package com.bowwow.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Wave;
import org.junit.jupiter.api.Test;

import static com.bowwow.signal.LocationServiceStandIn.ORIGIN;
import static com.bowwow.signal.LocationServiceStandIn.offset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Location privacy of waves, end to end: a wave leaves from the centre of the sender's
 * privacy-grid cell, reaches whoever's cell centre lies within reach, arrives at each
 * receiver's true position, and nothing the sender can read (receipts counts, their
 * timing, response reach) tells them more than cells, whatever accounts, origins and
 * reaches they choose.
 */
class WavePrivacyTests extends SignalIntegrationTest {

	@Test
	void theWaveLeavesFromTheSendersCellCentreAndArrivesAtTheReceiversTruePosition() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		// The sender stands 200 m from the centre of their cell.
		Coordinates senderAt = offset(ORIGIN, 200, 60);
		assertThat(PrivacyGrid.snap(senderAt)).isEqualTo(ORIGIN);
		Coordinates receiverAt = LocationServiceStandIn.place(receiver, 0.5, 0);

		UUID signalId = send(sender, senderAt, 1);
		awaitReceipt(signalId, receiver);

		Map<String, Object> receipt = this.jdbc.queryForMap("""
				select r.distance_m, r.direction, extract(epoch from (r.due_at - s.sent_at)) as travel
				from receipts r join signals s on s.id = r.signal_id where r.signal_id = ?
				""", signalId);
		double meters = ((Number) receipt.get("distance_m")).doubleValue();
		double fromCentre = GreatCircle.distanceMeters(ORIGIN, receiverAt);
		assertThat(meters).as("measured from the cell centre").isCloseTo(fromCentre, within(0.5));
		assertThat(Math.abs(GreatCircle.distanceMeters(senderAt, receiverAt) - fromCentre))
			.as("the sender's true position would give another distance")
			.isGreaterThan(50);
		assertThat(((Number) receipt.get("travel")).doubleValue()).isCloseTo(fromCentre / MILE, within(0.000_01));
		assertThat(receipt.get("direction")).isEqualTo(receiverAt.directionTo(ORIGIN).name());
		await().atMost(Duration.ofSeconds(5)).until(() -> !messagesTo(receiver).isEmpty());
		assertThat((Double) messagesTo(receiver).get(0).get("distance")).isCloseTo(fromCentre / MILE, within(0.006));
	}

	@Test
	void whoIsReachedDependsOnTheirCellCentreNotTheirTruePosition() throws Exception {
		double reach = 1 * MILE;
		// Inside the reach but in a cell whose centre is outside it, and the reverse.
		Coordinates insideInOutsideCell = find(reach, true);
		Coordinates outsideInInsideCell = find(reach, false);
		UserId notReached = UserId.random();
		UserId reached = UserId.random();
		LocationServiceStandIn.put(notReached, insideInOutsideCell);
		LocationServiceStandIn.put(reached, outsideInInsideCell);
		UserId sender = UserId.random();

		UUID signalId = send(sender, ORIGIN, 1);
		awaitReceipt(signalId, reached);
		awaitFinalCount(sender, signalId, 1);

		assertThat(hasReceipt(signalId, notReached)).isFalse();
		assertThat(messagesTo(notReached)).isEmpty();
		// The one reached stands beyond the reach: the wave still arrives at their true
		// position, when the front gets there.
		Map<String, Object> receipt = this.jdbc.queryForMap("""
				select r.distance_m, extract(epoch from (r.due_at - s.sent_at)) as travel
				from receipts r join signals s on s.id = r.signal_id where r.signal_id = ?
				""", signalId);
		double trueMeters = GreatCircle.distanceMeters(ORIGIN, outsideInInsideCell);
		assertThat(((Number) receipt.get("distance_m")).doubleValue()).isCloseTo(trueMeters, within(0.5))
			.isGreaterThan(reach);
		assertThat(((Number) receipt.get("travel")).doubleValue()).isCloseTo(trueMeters / MILE, within(0.000_01));
	}

	@Test
	void receivedCountStaysZeroUntilTheFrontHasPassedEveryoneItMayReach() throws Exception {
		UserId sender = UserId.random();
		UserId near = UserId.random();
		UserId far = UserId.random();
		LocationServiceStandIn.place(near, 0.1, 90);
		LocationServiceStandIn.place(far, 1.5, 270);

		UUID signalId = send(sender, ORIGIN, 2);
		Instant sentAt = this.jdbc
			.queryForObject("select sent_at from signals where id = ?", java.sql.Timestamp.class, signalId)
			.toInstant();
		Instant countable = sentAt.plusMillis(Math.round((2 * MILE + Wave.CELL_MARGIN_METERS) / MILE * 1000))
			.plusSeconds(1);
		// Poll the way a stalker would, while the wave travels.
		Set<Long> seen = new TreeSet<>();
		boolean sawNearReceiptWithZero = false;
		Instant deadline = Instant.now().plusSeconds(20);
		while (Instant.now().isBefore(deadline)) {
			boolean nearDelivered = hasReceipt(signalId, near);
			boolean farDelivered = hasReceipt(signalId, far);
			long count = ((Number) receivedCount(sender, signalId)).longValue();
			Instant readAt = Instant.now();
			seen.add(count);
			if (count > 0) {
				assertThat(readAt).as("counted before the front passed everyone").isAfterOrEqualTo(countable);
				break;
			}
			if (nearDelivered && !farDelivered) {
				sawNearReceiptWithZero = true;
			}
			Thread.sleep(20);
		}
		assertThat(sawNearReceiptWithZero).as("the count was read between the two receipts").isTrue();
		assertThat(seen).as("the count goes from nothing to everyone at once").containsExactly(0L, 2L);
	}

	/**
	 * The stalker: many accounts, each sending from a chosen spot with a reach chosen to
	 * split the victim's cell, so that with true positions the counts would tell where in
	 * the cell the victim stands. The victim stands at one corner of their cell, then at
	 * the opposite one; every count the attackers read is the same both times, and
	 * exactly what the victim's cell centre alone implies.
	 */
	@Test
	void manyAttackerAccountsLearnNothingFinerThanTheVictimsCell() throws Exception {
		Coordinates corner = offset(ORIGIN, 170, 45);
		Coordinates oppositeCorner = offset(ORIGIN, 170, 225);
		assertThat(PrivacyGrid.snap(corner)).isEqualTo(ORIGIN);
		assertThat(PrivacyGrid.snap(oppositeCorner)).isEqualTo(ORIGIN);
		List<Coordinates> attackerSpots = List.of(offset(ORIGIN, 900, 45), offset(ORIGIN, 900, 225),
				offset(ORIGIN, 1500, 30), offset(ORIGIN, 1500, 200), offset(ORIGIN, 1200, 0), offset(ORIGIN, 1200, 90));
		List<Double> reaches = new ArrayList<>();
		List<Long> cellRule = new ArrayList<>();
		for (Coordinates spot : attackerSpots) {
			Coordinates origin = PrivacyGrid.snap(spot);
			double toCorner = GreatCircle.distanceMeters(origin, corner);
			double toOpposite = GreatCircle.distanceMeters(origin, oppositeCorner);
			assertThat(Math.abs(toCorner - toOpposite)).as("the reach splits the cell").isGreaterThan(100);
			double reach = (toCorner + toOpposite) / 2;
			reaches.add(reach / MILE);
			cellRule.add((GreatCircle.distanceMeters(origin, ORIGIN) <= reach) ? 1L : 0L);
		}
		UserId victim = UserId.random();

		LocationServiceStandIn.put(victim, corner);
		List<Long> first = attack(attackerSpots, reaches);
		LocationServiceStandIn.put(victim, oppositeCorner);
		List<Long> second = attack(attackerSpots, reaches);

		assertThat(first).as("what the attackers read with the victim at one corner").isEqualTo(cellRule);
		assertThat(second).as("and at the opposite corner").isEqualTo(first);
		// The victim, though, was told their own true distance each time.
		assertThat(this.jdbc
			.queryForList("select distinct round(distance_m) from receipts where receiver_id = ?", Double.class,
					victim.value())
			.size()).isGreaterThan(1);
	}

	@Test
	void aResponseTellsTheSenderTheRespondersCellAndTheResponderTheSendersCell() throws Exception {
		UserId sender = UserId.random();
		UserId responder = UserId.random();
		Coordinates senderAt = LocationServiceStandIn.put(sender, offset(ORIGIN, 150, 300));
		Coordinates responderAt = LocationServiceStandIn.place(responder, 0.6, 120);
		UUID signalId = send(sender, senderAt, 1);
		awaitReceipt(signalId, responder);

		var answered = post("/api/v1/signals/" + signalId + "/respond", "", responder);
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);
		Map<?, ?> response = this.json.readValue(answered.body(), Map.class);
		Coordinates responderCell = PrivacyGrid.snap(responderAt);
		// Its reach is between cell centres: the responder learns the sender's cell only.
		assertThat(((Number) response.get("maxDistance")).doubleValue())
			.isCloseTo(GreatCircle.distanceMeters(responderCell, PrivacyGrid.snap(senderAt)) / MILE, within(0.006));
		UUID responseId = UUID.fromString((String) response.get("signalID"));
		awaitReceipt(responseId, sender);
		Map<String, Object> atSender = this.jdbc.queryForMap("""
				select r.distance_m, r.direction, extract(epoch from (r.due_at - s.sent_at)) as travel
				from receipts r join signals s on s.id = r.signal_id where r.signal_id = ?
				""", responseId);
		double expected = GreatCircle.distanceMeters(senderAt, responderCell);
		assertThat(((Number) atSender.get("distance_m")).doubleValue()).isCloseTo(expected, within(0.5));
		assertThat(((Number) atSender.get("travel")).doubleValue()).isCloseTo(expected / MILE, within(0.000_01));
		assertThat(atSender.get("direction")).isEqualTo(senderAt.directionTo(responderCell).name());
		assertThat(Math.abs(GreatCircle.distanceMeters(senderAt, responderAt) - expected)).isGreaterThan(20);
		// and the responder's count of it comes only once the front has passed the
		// sender's whole cell
		awaitFinalCount(responder, responseId, 1);
	}

	/** Fresh attacker accounts send from the spots; the counts they finally read. */
	private List<Long> attack(List<Coordinates> spots, List<Double> reachesInMiles) throws Exception {
		List<UserId> attackers = new ArrayList<>();
		List<UUID> signals = new ArrayList<>();
		for (int i = 0; i < spots.size(); i++) {
			UserId attacker = UserId.random();
			attackers.add(attacker);
			signals.add(send(attacker, spots.get(i), reachesInMiles.get(i)));
		}
		List<Long> counts = new ArrayList<>();
		for (int i = 0; i < spots.size(); i++) {
			awaitSettled(signals.get(i));
			counts.add(((Number) receivedCount(attackers.get(i), signals.get(i))).longValue());
		}
		return counts;
	}

	/** Waits until the wave's count is final: nothing pending, the front long gone. */
	private void awaitSettled(UUID signalId) {
		awaitWaveDone(signalId);
		Instant countable = this.jdbc.queryForObject("""
				select s.sent_at + ((s.max_distance_m + ?) / s.speed_mps + 1.5) * interval '1 second'
				from signals s where s.id = ?
				""", java.sql.Timestamp.class, Wave.CELL_MARGIN_METERS, signalId).toInstant();
		await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(countable));
	}

	private void awaitFinalCount(UserId sender, UUID signalId, long expected) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> ((Number) receivedCount(sender, signalId)).longValue() == expected);
	}

	/**
	 * A point whose true distance from {@link LocationServiceStandIn#ORIGIN} is inside
	 * the reach while its cell centre is outside ({@code trueInside}), or the reverse,
	 * each by a clear margin.
	 */
	private static Coordinates find(double reach, boolean trueInside) {
		for (int bearing = 0; bearing < 360; bearing += 3) {
			for (double meters = reach - 300; meters <= reach + 300; meters += 5) {
				Coordinates point = offset(ORIGIN, meters, bearing);
				double trueMeters = GreatCircle.distanceMeters(ORIGIN, point);
				double cellMeters = GreatCircle.distanceMeters(ORIGIN, PrivacyGrid.snap(point));
				boolean found = trueInside ? (trueMeters < reach - 30 && cellMeters > reach + 30)
						: (trueMeters > reach + 30 && cellMeters < reach - 30);
				if (found) {
					return point;
				}
			}
		}
		throw new IllegalStateException("no such point near the reach");
	}

}
