package com.bowwow.push.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code deliveries} table. Every state change of a pending row is conditional on the
 * attempt count the caller saw, so an attempt that outlived its lease (and was taken
 * over) cannot overwrite the newer attempt's outcome.
 */
public class DeliveryStore {

	private static final String COLUMNS = """
			id, signal_id, receiver_id, kind, sender_id, distance_meters, direction, expires_at, status, reason,
			attempts, next_attempt_at, last_error, device_token, unit, apns_id, replays, created_at, updated_at,
			completed_at""";

	private static final RowMapper<Delivery> ROW = DeliveryStore::map;

	/** The first key of the advisory locks that order intake against erasure. */
	private static final int ERASURE_LOCK = 0x70757368;

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	public DeliveryStore(JdbcClient jdbc, JdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	/**
	 * Queues a push unless the same (signal, receiver, kind) was queued before. The new
	 * row is leased to the caller until {@code leaseUntil}.
	 * @return the new row, or empty for a duplicate
	 */
	public Optional<Delivery> insertIfAbsent(DeliveryRequest request, Instant now, Instant leaseUntil) {
		return insertAllIfAbsent(List.of(request), now, leaseUntil).stream().findFirst();
	}

	/**
	 * Queues many pushes in one statement, each unless the same (signal, receiver, kind)
	 * was queued before, leased to the caller until {@code leaseUntil}. Arrivals are
	 * queued in the transaction that holds off erasure for their users.
	 * @return the new rows (duplicates and erased users' pushes left out)
	 */
	public List<Delivery> insertAllIfAbsent(List<DeliveryRequest> requests, Instant now, Instant leaseUntil) {
		if (requests.isEmpty()) {
			return List.of();
		}
		int n = requests.size();
		String[] ids = new String[n];
		String[] signals = new String[n];
		String[] receivers = new String[n];
		String[] kinds = new String[n];
		String[] senders = new String[n];
		String[] distances = new String[n];
		String[] directions = new String[n];
		String[] expiries = new String[n];
		for (int i = 0; i < n; i++) {
			DeliveryRequest request = requests.get(i);
			ids[i] = UUID.randomUUID().toString();
			signals[i] = (request.signalId() != null) ? request.signalId().toString() : null;
			receivers[i] = request.receiverId().toString();
			kinds[i] = request.kind().wireName();
			senders[i] = (request.senderId() != null) ? request.senderId().toString() : null;
			distances[i] = (request.distanceMeters() != null) ? Double.toString(request.distanceMeters()) : null;
			directions[i] = (request.direction() != null) ? request.direction().name() : null;
			expiries[i] = request.expiresAt().toString();
		}
		// Text arrays cast in SQL: the driver binds String[] for certain, nulls included.
		return this.jdbc
			.sql("""
					INSERT INTO deliveries (id, signal_id, receiver_id, kind, sender_id, distance_meters, direction,
					    expires_at, status, next_attempt_at, created_at, updated_at)
					SELECT r.id, r.signal_id, r.receiver_id, r.kind, r.sender_id, r.distance_meters, r.direction,
					    r.expires_at, 'PENDING', ?, ?, ?
					FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::uuid[], ?::float8[], ?::text[],
					    ?::timestamptz[]) WITH ORDINALITY
					    AS r(id, signal_id, receiver_id, kind, sender_id, distance_meters, direction, expires_at, position)
					-- nothing is written about a user who has been erased (a late or redelivered event)
					WHERE NOT EXISTS (SELECT 1 FROM erased_users e WHERE e.user_id = r.receiver_id OR e.user_id = r.sender_id)
					ORDER BY r.position
					ON CONFLICT (signal_id, receiver_id, kind) DO NOTHING
					RETURNING """
					+ " " + COLUMNS)
			.params(ts(leaseUntil), ts(now), ts(now), ids, signals, receivers, kinds, senders, distances, directions,
					expiries)
			.query(ROW)
			.list();
	}

	/**
	 * Takes pending rows that are due (never attempted after a crash, or waiting for a
	 * retry) and leases them to the caller until {@code leaseUntil}. Rows another
	 * instance is claiming at the same moment are skipped, not waited for.
	 */
	public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
		return this.jdbc.sql("""
				UPDATE deliveries SET next_attempt_at = ?, updated_at = ?
				WHERE id IN (SELECT id FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= ?
				             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
				RETURNING """ + " " + COLUMNS).params(ts(leaseUntil), ts(now), ts(now), limit).query(ROW).list();
	}

	/**
	 * Gives many pending rows their final status in one statement, each only while the
	 * attempt that decided it still owns the row (its attempt count unchanged). One
	 * statement, not a JDBC batch of one per row: during a large wave each statement's
	 * own cost in PostgreSQL (bind, execute, plan) outweighed its row.
	 * @return for each completion in order, whether its attempt still owned the row
	 */
	boolean[] completeAll(List<Completion> completions, Instant now) {
		int n = completions.size();
		String[] ids = new String[n];
		String[] seenAttempts = new String[n];
		String[] statuses = new String[n];
		String[] reasons = new String[n];
		String[] errors = new String[n];
		String[] tokens = new String[n];
		String[] units = new String[n];
		String[] apnsIds = new String[n];
		String[] deadTokenReports = new String[n];
		String[] attempts = new String[n];
		for (int i = 0; i < n; i++) {
			Completion done = completions.get(i);
			ids[i] = done.delivery().id().toString();
			seenAttempts[i] = Integer.toString(done.delivery().attempts());
			statuses[i] = done.status().name();
			reasons[i] = done.reason();
			errors[i] = done.error();
			tokens[i] = done.deviceToken();
			units[i] = done.unit();
			apnsIds[i] = (done.apnsId() != null) ? done.apnsId().toString() : null;
			deadTokenReports[i] = done.reportTokenDead() ? "pending" : null;
			attempts[i] = Integer.toString(done.attempts());
		}
		// Text arrays cast in SQL, as in insertAllIfAbsent.
		List<UUID> updated = this.jdbc
			.sql("""
					UPDATE deliveries d SET status = c.status, reason = c.reason, last_error = coalesce(c.last_error, d.last_error),
					    device_token = coalesce(c.device_token, d.device_token), unit = coalesce(c.unit, d.unit),
					    apns_id = c.apns_id, dead_token_report = c.dead_token_report, attempts = c.attempts,
					    next_attempt_at = NULL, updated_at = ?, completed_at = ?
					FROM unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[],
					    ?::text[], ?::int[])
					    AS c(id, seen_attempts, status, reason, last_error, device_token, unit, apns_id, dead_token_report,
					         attempts)
					WHERE d.id = c.id AND d.status = 'PENDING' AND d.attempts = c.seen_attempts
					RETURNING d.id""")
			.params(ts(now), ts(now), ids, seenAttempts, statuses, reasons, errors, tokens, units, apnsIds,
					deadTokenReports, attempts)
			.query(UUID.class)
			.list();
		Set<UUID> owned = new HashSet<>(updated);
		boolean[] result = new boolean[n];
		for (int i = 0; i < n; i++) {
			result[i] = owned.contains(completions.get(i).delivery().id());
		}
		return result;
	}

	/**
	 * Records many failed attempts and when to try each again, in one round trip.
	 * @return for each retry in order, whether its attempt still owned the row
	 */
	boolean[] scheduleRetries(List<Retry> retries, Instant now) {
		int[][] counts = this.batches.batchUpdate("""
				UPDATE deliveries SET attempts = attempts + 1, last_error = ?, device_token = coalesce(?, device_token),
				    next_attempt_at = ?, updated_at = ?
				WHERE id = ? AND status = 'PENDING' AND attempts = ?""", retries, retries.size(),
				(statement, retry) -> {
					statement.setString(1, retry.error());
					statement.setString(2, retry.deviceToken());
					statement.setTimestamp(3, ts(retry.at()));
					statement.setTimestamp(4, ts(now));
					statement.setObject(5, retry.delivery().id());
					statement.setInt(6, retry.delivery().attempts());
				});
		return owned(counts, retries.size());
	}

	private static boolean[] owned(int[][] counts, int expected) {
		boolean[] owned = new boolean[expected];
		int i = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				// a driver that cannot count a batched row says so (SUCCESS_NO_INFO):
				// only
				// a row that was surely not updated counts as taken over
				owned[i++] = count != 0;
			}
		}
		return owned;
	}

	/**
	 * A final outcome for a pending row, as its attempt decided it.
	 *
	 * @param delivery the row as the attempt saw it
	 * @param status the final status
	 * @param reason why (skipped, rejected, dead-lettered), or null
	 * @param error the failure behind a dead letter, or null
	 * @param deviceToken the token used, or null
	 * @param unit the unit the message was written in, or null
	 * @param apnsId APNs' ID of an accepted push, or null
	 * @param reportTokenDead whether user-service must be told the token is dead
	 * @param attempts the attempt count to record
	 */
	record Completion(Delivery delivery, DeliveryStatus status, String reason, String error, String deviceToken,
			String unit, UUID apnsId, boolean reportTokenDead, int attempts) implements Decided {

	}

	/**
	 * A transient failure to try again at {@code at}.
	 *
	 * @param delivery the row as the attempt saw it
	 * @param error what failed
	 * @param deviceToken the token used, or null
	 * @param at when to try again
	 */
	record Retry(Delivery delivery, String error, String deviceToken, Instant at) implements Decided {

	}

	/** What an attempt decided for its row: a final outcome or another try later. */
	sealed interface Decided permits Completion, Retry {

		/** The row as the attempt saw it. */
		Delivery delivery();

	}

	public Optional<Delivery> find(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM deliveries WHERE id = ?").param(id).query(ROW).optional();
	}

	/** Newest first, optionally filtered. */
	public List<Delivery> search(UserId receiver, UUID signalId, DeliveryStatus status, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM deliveries WHERE true");
		List<Object> args = new ArrayList<>();
		if (receiver != null) {
			sql.append(" AND receiver_id = ?");
			args.add(receiver.value());
		}
		if (signalId != null) {
			sql.append(" AND signal_id = ?");
			args.add(signalId);
		}
		if (status != null) {
			sql.append(" AND status = ?");
			args.add(status.name());
		}
		sql.append(" ORDER BY created_at DESC, id LIMIT ?");
		args.add(limit);
		return this.jdbc.sql(sql.toString()).params(args).query(ROW).list();
	}

	/** Dead letters, most recently failed first. */
	public List<Delivery> deadLetters(int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM deliveries WHERE status = 'DEAD_LETTERED' ORDER BY updated_at DESC, id LIMIT ?")
			.param(limit)
			.query(ROW)
			.list();
	}

	/**
	 * Puts a dead letter back in the queue with a fresh retry budget, leased to the
	 * caller (who attempts it right away) until {@code leaseUntil}.
	 * @return the row as queued, or empty when it is not (or no longer) a dead letter
	 */
	public Optional<Delivery> replay(UUID id, Instant now, Instant leaseUntil) {
		return this.jdbc.sql("""
				UPDATE deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = ?, replays = replays + 1,
				    completed_at = NULL, updated_at = ?
				WHERE id = ? AND status = 'DEAD_LETTERED'
				RETURNING """ + " " + COLUMNS).params(ts(leaseUntil), ts(now), id).query(ROW).optional();
	}

	/** Rejected rows whose dead token has not been reported yet, oldest first. */
	List<Delivery> tokenReportsDue(Instant olderThan, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS
				+ " FROM deliveries WHERE dead_token_report = 'pending' AND updated_at < ? ORDER BY updated_at LIMIT ?")
			.params(ts(olderThan), limit)
			.query(ROW)
			.list();
	}

	void tokenReported(UUID id) {
		this.jdbc.sql("UPDATE deliveries SET dead_token_report = 'done' WHERE id = ?").param(id).update();
	}

	/** Deletes final rows completed before {@code cutoff}, at most {@code limit}. */
	int deleteCompletedBefore(Instant cutoff, int limit) {
		return this.jdbc.sql("""
				DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries
				    WHERE status <> 'PENDING' AND completed_at < ? AND dead_token_report IS DISTINCT FROM 'pending'
				    LIMIT ?)""").params(ts(cutoff), limit).update();
	}

	/**
	 * Holds off {@link #erase} for these users until the caller's transaction ends, so a
	 * delivery row is never written beside a concurrent erasure (the insert's check of
	 * {@code erased_users} runs after this, on a fresh snapshot). Shared: intakes never
	 * wait for each other. Must run in a transaction.
	 */
	public void holdOffErasure(Collection<UserId> users) {
		if (users.isEmpty()) {
			return;
		}
		this.jdbc.sql("SELECT pg_advisory_xact_lock_shared(?, hashtext(u::text)) FROM unnest(?::uuid[]) u")
			.params(ERASURE_LOCK,
					users.stream()
						.filter(java.util.Objects::nonNull)
						.map(UserId::value)
						.distinct()
						.sorted()
						.toArray(UUID[]::new))
			.query((rs) -> {
			});
	}

	/**
	 * Erases everything about a user (deleted by user-service): every delivery record
	 * they are the receiver or the sender of, dead letters included, and keeps a bare
	 * tombstone so that a late event cannot write a new one. Idempotent. Must run in a
	 * transaction.
	 * @return how many delivery rows were deleted
	 */
	public int erase(UserId user, Instant now) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(?, hashtext(?::text))")
			.params(ERASURE_LOCK, user.value())
			.query((rs) -> {
			});
		this.jdbc.sql("INSERT INTO erased_users (user_id, erased_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING")
			.params(user.value(), ts(now))
			.update();
		return this.jdbc.sql("DELETE FROM deliveries WHERE receiver_id = ? OR sender_id = ?")
			.params(user.value(), user.value())
			.update();
	}

	/** Forgets tombstones of users erased before {@code cutoff}. */
	int deleteErasedBefore(Instant cutoff) {
		return this.jdbc.sql("DELETE FROM erased_users WHERE erased_at < ?").param(ts(cutoff)).update();
	}

	/** Pending rows, for the backlog gauge. */
	long pendingCount() {
		return this.jdbc.sql("SELECT count(*) FROM deliveries WHERE status = 'PENDING'").query(Long.class).single();
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	private static Delivery map(ResultSet rs, int row) throws SQLException {
		UUID sender = rs.getObject("sender_id", UUID.class);
		double distance = rs.getDouble("distance_meters");
		Double distanceMeters = rs.wasNull() ? null : distance;
		String direction = rs.getString("direction");
		return new Delivery(rs.getObject("id", UUID.class), rs.getObject("signal_id", UUID.class),
				new UserId(rs.getObject("receiver_id", UUID.class)), SignalKind.fromWire(rs.getString("kind")),
				(sender != null) ? new UserId(sender) : null, distanceMeters,
				(direction != null) ? CompassDirection.valueOf(direction) : null, instant(rs, "expires_at"),
				DeliveryStatus.valueOf(rs.getString("status")), rs.getString("reason"), rs.getInt("attempts"),
				instant(rs, "next_attempt_at"), rs.getString("last_error"), rs.getString("device_token"),
				rs.getString("unit"), rs.getObject("apns_id", UUID.class), rs.getInt("replays"),
				instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "completed_at"));
	}

}
