package com.bowwow.push.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;

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

	public DeliveryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Queues a push unless the same (signal, receiver, kind) was queued before. The new
	 * row is leased to the caller until {@code leaseUntil}.
	 * @return the new row, or empty for a duplicate
	 */
	public Optional<Delivery> insertIfAbsent(DeliveryRequest request, Instant now, Instant leaseUntil) {
		return this.jdbc.sql("""
				INSERT INTO deliveries (id, signal_id, receiver_id, kind, sender_id, distance_meters, direction,
				    expires_at, status, next_attempt_at, created_at, updated_at)
				SELECT ?, ?, r.id, ?, s.id, ?, ?, ?, 'PENDING', ?, ?, ?
				FROM (SELECT ?::uuid AS id) r, (SELECT ?::uuid AS id) s
				-- nothing is written about a user who has been erased (a late or redelivered event)
				WHERE NOT EXISTS (SELECT 1 FROM erased_users e WHERE e.user_id = r.id OR e.user_id = s.id)
				ON CONFLICT (signal_id, receiver_id, kind) DO NOTHING
				RETURNING """ + " " + COLUMNS)
			.params(UUID.randomUUID(), request.signalId(), request.kind().wireName(), request.distanceMeters(),
					(request.direction() != null) ? request.direction().name() : null, ts(request.expiresAt()),
					ts(leaseUntil), ts(now), ts(now), request.receiverId().value(),
					(request.senderId() != null) ? request.senderId().value() : null)
			.query(ROW)
			.optional();
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
	 * Gives a pending row its final status.
	 * @return whether this attempt still owned the row
	 */
	boolean complete(Delivery attempted, DeliveryStatus status, String reason, String lastError, String deviceToken,
			String unit, UUID apnsId, boolean reportTokenDead, int attempts, Instant now) {
		return this.jdbc.sql("""
				UPDATE deliveries SET status = ?, reason = ?, last_error = coalesce(?, last_error),
				    device_token = coalesce(?, device_token), unit = coalesce(?, unit), apns_id = ?,
				    dead_token_report = ?, attempts = ?, next_attempt_at = NULL, updated_at = ?, completed_at = ?
				WHERE id = ? AND status = 'PENDING' AND attempts = ?""")
			.params(status.name(), reason, lastError, deviceToken, unit, apnsId, reportTokenDead ? "pending" : null,
					attempts, ts(now), ts(now), attempted.id(), attempted.attempts())
			.update() == 1;
	}

	/**
	 * Records a failed attempt and when to try again.
	 * @return whether this attempt still owned the row
	 */
	boolean scheduleRetry(Delivery attempted, String error, String deviceToken, Instant nextAttemptAt, Instant now) {
		return this.jdbc.sql("""
				UPDATE deliveries SET attempts = attempts + 1, last_error = ?, device_token = coalesce(?, device_token),
				    next_attempt_at = ?, updated_at = ?
				WHERE id = ? AND status = 'PENDING' AND attempts = ?""")
			.params(error, deviceToken, ts(nextAttemptAt), ts(now), attempted.id(), attempted.attempts())
			.update() == 1;
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
