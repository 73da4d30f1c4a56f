package com.bowwow.signal.propagation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The durable queue of arrivals in PostgreSQL. Claims use {@code FOR UPDATE SKIP LOCKED}
 * plus a lease, so instances never wait on each other and a dead instance's claims lapse.
 */
class PendingArrivals {

	/**
	 * The table swings between empty and tens of thousands of rows within seconds, so its
	 * statistics are nearly always those of an empty table; joining the locked rows back
	 * to the table by key then planned as a nested loop over the whole table per row
	 * (5,000 claimed of 10,000: 8-12 s on a busy machine, 1 s idle, and half of a
	 * 10,000-receiver wave arrived long after it should). The row's own address ({@code
	 * ctid}, stable while the row is locked) makes each one a direct fetch whatever the
	 * statistics say.
	 */
	static final String CLAIM = """
			with due as (
			    select ctid from pending_arrivals
			    where due_at <= ? and (lease_until is null or lease_until < ?)
			    order by due_at
			    limit ?
			    for update skip locked),
			claimed as (
			    update pending_arrivals p set lease_owner = ?, lease_until = ?
			    from due where p.ctid = due.ctid
			    returning p.signal_id, p.receiver_id, p.due_at, p.distance_m, p.direction,
			              coalesce(p.cell_distance_m, p.distance_m) as cell_distance_m,
			              coalesce(p.cell_direction, p.direction) as cell_direction)
			select c.signal_id, s.sender_id, s.kind, c.receiver_id, c.due_at, c.distance_m, c.direction,
			       c.cell_distance_m, c.cell_direction
			from claimed c join signals s on s.id = c.signal_id
			""";

	/**
	 * For statements that join a batch of keys to the table: with an empty table's
	 * statistics the planner otherwise loops over the whole table once per key (5,000
	 * receipts against 10,000 pending rows: 12 s idle); a hash join is linear whatever
	 * the estimates. Only for the rest of the caller's transaction.
	 */
	static final String NO_NESTED_LOOPS = "set local enable_nestloop = off";

	/**
	 * Taking the row (only while this instance still holds its lease) and writing the
	 * receipt happen in one statement: an instance that stalled past its lease takes
	 * nothing, and the receipt's primary key stops any second delivery.
	 */
	static final String DELIVER = """
			with taken as (
			    delete from pending_arrivals p
			    using unnest(?::uuid[], ?::uuid[]) as t(signal_id, receiver_id)
			    where p.signal_id = t.signal_id and p.receiver_id = t.receiver_id and p.lease_owner = ?
			    returning p.signal_id, p.receiver_id, p.due_at, p.distance_m, p.direction, p.cell_distance_m,
			              p.cell_direction),
			inserted as (
			    insert into receipts (signal_id, receiver_id, sender_id, kind, distance_m, direction, due_at, received_at,
			                          cell_distance_m, cell_direction)
			    select taken.signal_id, taken.receiver_id, s.sender_id, s.kind, taken.distance_m, taken.direction,
			           taken.due_at, ?, taken.cell_distance_m, taken.cell_direction
			    from taken join signals s on s.id = taken.signal_id
			    -- someone who went offline while the wave travelled receives nothing
			    where not exists (select 1 from user_settings k where k.user_id = taken.receiver_id and k.is_offline)
			    on conflict do nothing
			    returning signal_id, receiver_id, sender_id, kind, distance_m, direction, due_at, received_at)
			select inserted.*, s.expires_at from inserted join signals s on s.id = inserted.signal_id
			""";

	private static final String DISCARD = """
			delete from pending_arrivals p
			using unnest(?::uuid[], ?::uuid[]) as t(signal_id, receiver_id)
			where p.signal_id = t.signal_id and p.receiver_id = t.receiver_id and p.lease_owner = ?
			""";

	private final JdbcClient jdbc;

	public PendingArrivals(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Leases up to {@code limit} arrivals due by {@code horizon} that nobody holds. */
	public List<Arrival> claim(String owner, Instant now, Instant horizon, Instant leaseUntil, int limit) {
		return this.jdbc.sql(CLAIM)
			.params(Timestamp.from(horizon), Timestamp.from(now), limit, owner, Timestamp.from(leaseUntil))
			.query((rs, row) -> arrival(rs))
			.list();
	}

	/**
	 * Turns leased arrivals into receipts; returns the receipts actually written. Must
	 * run in a transaction (with whatever the caller writes alongside).
	 */
	public List<Receipt> deliver(String owner, List<Arrival> arrivals, Instant receivedAt) {
		// Synchronous commit, whatever the server's default: a receipt the sender's
		// count already showed must not vanish in a PostgreSQL crash (the arrival would
		// come back and be delivered again; its stream notice would not repeat, see
		// SignalReceivedNotices). The cost is one WAL flush per batch (not per receipt),
		// on the receipt writer's thread, off the notices' path.
		this.jdbc.sql("set local synchronous_commit = on").update();
		this.jdbc.sql(NO_NESTED_LOOPS).update();
		return this.jdbc.sql(DELIVER)
			.params(signalIds(arrivals), receiverIds(arrivals), owner, Timestamp.from(receivedAt))
			.query((rs, row) -> receipt(rs))
			.list();
	}

	/**
	 * Removes leased arrivals that must never be delivered (sender and receiver now
	 * blocked, or one of them suspended): no receipt, no event, no push. Only while this
	 * instance still holds the lease, like {@link #deliver}.
	 */
	public int discard(String owner, List<Arrival> arrivals) {
		if (arrivals.isEmpty()) {
			return 0;
		}
		this.jdbc.sql(NO_NESTED_LOOPS).update();
		return this.jdbc.sql(DISCARD).params(signalIds(arrivals), receiverIds(arrivals), owner).update();
	}

	/**
	 * Gives back whatever this instance still holds, so others can deliver it at once.
	 */
	public int release(String owner) {
		return this.jdbc.sql("update pending_arrivals set lease_owner = null, lease_until = null where lease_owner = ?")
			.param(owner)
			.update();
	}

	// SQL arrays for the batch statements, created on the statement's connection and
	// freed after it.
	private static SqlArrayValue signalIds(List<Arrival> arrivals) {
		return new SqlArrayValue("uuid", (Object[]) arrivals.stream().map(Arrival::signalId).toArray(UUID[]::new));
	}

	private static SqlArrayValue receiverIds(List<Arrival> arrivals) {
		return new SqlArrayValue("uuid",
				(Object[]) arrivals.stream().map((arrival) -> arrival.receiverId().value()).toArray(UUID[]::new));
	}

	private static Arrival arrival(ResultSet rs) throws SQLException {
		return new Arrival(rs.getObject("signal_id", UUID.class), new UserId(rs.getObject("sender_id", UUID.class)),
				new UserId(rs.getObject("receiver_id", UUID.class)), rs.getTimestamp("due_at").toInstant(),
				rs.getDouble("distance_m"), CompassDirection.valueOf(rs.getString("direction")),
				rs.getDouble("cell_distance_m"), CompassDirection.valueOf(rs.getString("cell_direction")),
				SignalKind.fromWire(rs.getString("kind")));
	}

	private static Receipt receipt(ResultSet rs) throws SQLException {
		return new Receipt(rs.getObject("signal_id", UUID.class), new UserId(rs.getObject("receiver_id", UUID.class)),
				new UserId(rs.getObject("sender_id", UUID.class)), SignalKind.fromWire(rs.getString("kind")),
				rs.getDouble("distance_m"), CompassDirection.valueOf(rs.getString("direction")),
				rs.getTimestamp("due_at").toInstant(), rs.getTimestamp("received_at").toInstant(),
				rs.getTimestamp("expires_at").toInstant());
	}

}
