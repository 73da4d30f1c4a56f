package com.bowwow.faults;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.UUID;

import com.bowwow.faults.GatewayClient.Account;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sender with a ring of receivers, and what signal-service and push-service recorded.
 */
final class Waves {

	private Waves() {
	}

	/** A sender at the origin and receivers from half a mile to 9.5 miles out. */
	record Crowd(Account sender, List<Account> receivers) {

		List<String> receiverIds() {
			return this.receivers.stream().map(Account::userId).toList();
		}

	}

	static Crowd gather(GatewayClient client, double latitude, double longitude, int receivers) throws Exception {
		Account sender = client.register("mile");
		client.moveTo(sender, latitude, longitude);
		List<Account> around = com.bowwow.faults.Crowd.register(client, receivers, (i) -> com.bowwow.faults.Crowd
			.offset(latitude, longitude, 0.5 + 9.0 * (i + 0.5) / receivers, (i * 137.5) % 360));
		return new Crowd(sender, around);
	}

	/** Sends the signal at the unit maximum and returns its ID. */
	static String send(GatewayClient client, Crowd crowd, double latitude, double longitude) throws Exception {
		HttpResponse<String> sent = client.sendSignal(crowd.sender(), latitude, longitude, null);
		assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
		return (String) client.read(sent).get("signalID");
	}

	/**
	 * The wave's receiver count once its whole audience is planned (the sender is
	 * answered after the nearest 500; the rest follows within a few seconds).
	 */
	static long planned(Database database, String signalId) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(30);
		while (database.count("select count(*) from signal_service.travelling_waves where signal_id = ?::uuid"
				+ " and not audience_complete", signalId) > 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}
		return plannedSoFar(database, signalId);
	}

	static long plannedSoFar(Database database, String signalId) {
		return database.count("select receiver_count from signal_service.signals where id = ?::uuid", signalId);
	}

	/**
	 * Who of the crowd the wave reached: receipts and push requests per receiver, once
	 * every receiver has a push request or 90 s have passed.
	 */
	record Reach(Map<String, Integer> receipts, Map<String, Integer> pushes, List<String> missing, long doubled,
			List<String> unpushed) {

		String lost() {
			return "receivers without a receipt: " + this.missing.size() + ", with two: " + this.doubled
					+ ", without a push request: " + this.unpushed.size();
		}

	}

	static Reach reach(Database database, Crowd crowd, String signalId) throws InterruptedException {
		Map<String, Integer> receipts = receiptsPerReceiver(database, signalId);
		Map<String, Integer> pushes = pushesPerReceiver(database, signalId, crowd.receivers().size(),
				Duration.ofSeconds(90));
		return new Reach(receipts, pushes,
				crowd.receiverIds().stream().filter((id) -> !receipts.containsKey(id)).toList(),
				receipts.values().stream().filter((n) -> n > 1).count(),
				crowd.receiverIds().stream().filter((id) -> !pushes.containsKey(id)).toList());
	}

	static long receipts(Database database, String signalId) {
		return database.count("select count(*) from signal_service.receipts where signal_id = ?::uuid", signalId);
	}

	static long pending(Database database, String signalId) {
		return database.count("select count(*) from signal_service.pending_arrivals where signal_id = ?::uuid",
				signalId);
	}

	/** Waits until no arrival of the signal is pending any more. */
	static void awaitWaveDone(Database database, String signalId, Duration limit) throws InterruptedException {
		Instant deadline = Instant.now().plus(limit);
		while (pending(database, signalId) > 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(250);
		}
	}

	/** Receipts per receiver (more than one would be a double delivery). */
	static Map<String, Integer> receiptsPerReceiver(Database database, String signalId) {
		Map<String, Integer> counts = new HashMap<>();
		database
			.rows("select receiver_id::text as r, count(*) as n from signal_service.receipts where signal_id = ?::uuid"
					+ " group by receiver_id", signalId)
			.forEach((row) -> counts.put((String) row.get("r"), ((Number) row.get("n")).intValue()));
		return counts;
	}

	/** Receipts written before their due time (in milliseconds early), and lateness. */
	record Timing(long early, LongSummaryStatistics lateMillis, List<Long> lateness) {

		long percentile(double p) {
			List<Long> sorted = this.lateness.stream().sorted().toList();
			return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
		}

	}

	/** Lateness of the receipts that were due at or after {@code dueFrom}. */
	static Timing timing(Database database, String signalId, Instant dueFrom) {
		List<Map<String, Object>> rows = database
			.rows("select due_at, received_at from signal_service.receipts where signal_id = ?::uuid", signalId);
		long early = 0;
		LongSummaryStatistics late = new LongSummaryStatistics();
		List<Long> lateness = new java.util.ArrayList<>();
		for (Map<String, Object> row : rows) {
			Instant due = ((Timestamp) row.get("due_at")).toInstant();
			Instant received = ((Timestamp) row.get("received_at")).toInstant();
			if (received.isBefore(due)) {
				early++;
			}
			if (!due.isBefore(dueFrom)) {
				long millis = Duration.between(due, received).toMillis();
				late.accept(millis);
				lateness.add(millis);
			}
		}
		return new Timing(early, late, lateness);
	}

	/**
	 * Push requests per receiver for the signal, once their number stops short of
	 * {@code expected} or reaches it.
	 */
	static Map<String, Integer> pushesPerReceiver(Database database, String signalId, int expected, Duration limit)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(limit);
		while (true) {
			Map<String, Integer> counts = new HashMap<>();
			database.rows(
					"select receiver_id::text as r, count(*) as n from push_service.deliveries where signal_id = ?::uuid"
							+ " group by receiver_id",
					UUID.fromString(signalId))
				.forEach((row) -> counts.put((String) row.get("r"), ((Number) row.get("n")).intValue()));
			if (counts.size() >= expected || Instant.now().isAfter(deadline)) {
				return counts;
			}
			Thread.sleep(500);
		}
	}

	/** Push deliveries of the signal by status, e.g. {SENT=300}. */
	static Map<String, Long> pushStatuses(Database database, String signalId) {
		Map<String, Long> counts = new java.util.TreeMap<>();
		database
			.rows("select status, count(*) as n from push_service.deliveries where signal_id = ?::uuid group by status",
					UUID.fromString(signalId))
			.forEach((row) -> counts.put((String) row.get("status"), ((Number) row.get("n")).longValue()));
		return counts;
	}

}
