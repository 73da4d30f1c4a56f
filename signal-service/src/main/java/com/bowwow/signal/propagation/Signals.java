package com.bowwow.signal.propagation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalKind;
import com.bowwow.signal.users.UserDataEraser;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one owner of the {@code signals} table's SQL: every feature that reads, writes or
 * deletes signals calls this class. Only the delivery engine's own statements
 * ({@link PendingArrivals}, {@link TravellingWaves}) join {@code signals} in place,
 * because each must stay one round trip ({@code FOR UPDATE SKIP LOCKED} claims, the
 * receipt write).
 */
public class Signals implements UserDataEraser {

	/**
	 * A stored signal or response.
	 *
	 * @param id the signal
	 * @param senderId who sent it
	 * @param kind signal or response
	 * @param respondsTo for a response, the signal it answers
	 * @param sentAt when it left
	 * @param expiresAt when it stops being active
	 * @param maxDistanceMeters its reach
	 */
	public record Stored(UUID id, UserId senderId, SignalKind kind, UUID respondsTo, Instant sentAt, Instant expiresAt,
			double maxDistanceMeters) {
	}

	/**
	 * A signal as its sender's lists show it.
	 *
	 * @param signal the signal
	 * @param receivedCount how many it reached (see the query for when it is counted)
	 * @param responseCount how many answered it
	 */
	public record Sent(Stored signal, long receivedCount, long responseCount) {
	}

	/**
	 * A receipt with what the receiver's list shows of its signal.
	 *
	 * @param receiptId the receipt
	 * @param signalId the signal
	 * @param senderId who sent it
	 * @param kind signal or response
	 * @param distanceMeters from the receiver to the origin
	 * @param direction from the receiver towards the origin
	 * @param receivedAt when it reached the receiver
	 * @param expiresAt when the signal stops being active
	 * @param responded whether the receiver answered it
	 */
	public record Received(UUID receiptId, UUID signalId, UserId senderId, SignalKind kind, double distanceMeters,
			CompassDirection direction, Instant receivedAt, Instant expiresAt, boolean responded) {
	}

	private static final String INSERT = """
			insert into signals (id, sender_id, kind, responds_to, sent_at, expires_at, max_distance_m, sender_unit,
			                     speed_mps, receiver_count)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private static final String STORED_COLUMNS = "s.id, s.sender_id, s.kind, s.responds_to, s.sent_at, s.expires_at, s.max_distance_m";

	private final JdbcClient jdbc;

	public Signals(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores a wave's signal; run in the transaction that queues its arrivals. */
	void insert(Wave wave, int receiverCount) {
		this.jdbc.sql(INSERT)
			.params(wave.signalId(), wave.senderId().value(), wave.kind().wireName(), wave.respondsTo(),
					Timestamp.from(wave.sentAt()), Timestamp.from(wave.expiresAt()), wave.maxDistanceMeters(),
					wave.senderUnit().wireName(), wave.speedMetersPerSecond(), receiverCount)
			.update();
	}

	/**
	 * Counts arrivals planned after the wave left (the rest of its audience).
	 * @return the wave's receiver count now
	 */
	public int addReceivers(UUID signalId, int more) {
		return this.jdbc
			.sql("update signals set receiver_count = receiver_count + ? where id = ? returning receiver_count")
			.params(more, signalId)
			.query(Integer.class)
			.single();
	}

	public Optional<Stored> find(UUID signalId) {
		return this.jdbc.sql("select " + STORED_COLUMNS + " from signals s where s.id = ?")
			.param(signalId)
			.query((rs, row) -> stored(rs))
			.optional();
	}

	/** The response {@code responder} gave to {@code signalId}, if any. */
	public Optional<Stored> responseTo(UUID signalId, UserId responder) {
		return this.jdbc.sql("select " + STORED_COLUMNS + " from signals s where s.responds_to = ? and s.sender_id = ?")
			.params(signalId, responder.value())
			.query((rs, row) -> stored(rs))
			.optional();
	}

	/**
	 * One page of what reached {@code receiver}, newest first by (received_at, id).
	 * @param since nothing received before this
	 * @param before where the previous page ended (null for the first page)
	 * @param beforeId its tie-breaker (null to take everything strictly older)
	 * @param limit at most this many rows
	 */
	public List<Received> receivedPage(UserId receiver, Instant since, Instant before, UUID beforeId, int limit) {
		List<Object> args = new ArrayList<>(List.of(receiver.value(), Timestamp.from(since)));
		String after = cursorClause("r.received_at", "r.id", before, beforeId, args);
		args.add(limit);
		return this.jdbc
			.sql("""
					select r.id, r.signal_id, r.sender_id, r.distance_m, r.direction, r.received_at, r.kind, s.expires_at,
					       exists (select 1 from signals a where a.responds_to = r.signal_id and a.sender_id = r.receiver_id)
					           as responded
					from receipts r join signals s on s.id = r.signal_id
					where r.receiver_id = ? and r.received_at >= ? %s
					order by r.received_at desc, r.id desc
					limit ?
					"""
				.formatted(after))
			.params(args)
			.query((rs, row) -> new Received(rs.getObject("id", UUID.class), rs.getObject("signal_id", UUID.class),
					new UserId(rs.getObject("sender_id", UUID.class)), SignalKind.fromWire(rs.getString("kind")),
					rs.getDouble("distance_m"), CompassDirection.valueOf(rs.getString("direction")),
					rs.getTimestamp("received_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
					rs.getBoolean("responded")))
			.list();
	}

	/**
	 * One page of what {@code sender} sent, newest first by (sent_at, id). Location
	 * privacy: a wave's receipts are counted only once its front has passed the true
	 * position of everyone it may reach ({@link Wave#frontDone()}), plus
	 * {@code countSettleSeconds}, and no arrival of it is still pending; before that the
	 * count is 0.
	 * @param now the time the front is judged at
	 */
	public List<Sent> sentPage(UserId sender, Instant now, double countSettleSeconds, Instant since, Instant before,
			UUID beforeId, int limit) {
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(now), Wave.CELL_MARGIN_METERS, countSettleSeconds,
				sender.value(), Timestamp.from(since)));
		String after = cursorClause("s.sent_at", "s.id", before, beforeId, args);
		args.add(limit);
		return this.jdbc.sql("""
				select %s,
				       case when ? >= s.sent_at + ((s.max_distance_m + ?) / s.speed_mps + ?) * interval '1 second'
				                 and not exists (select 1 from pending_arrivals p where p.signal_id = s.id)
				            then (select count(*) from receipts r where r.signal_id = s.id)
				            else 0 end as received_count,
				       (select count(*) from signals a where a.responds_to = s.id) as response_count
				from signals s
				where s.sender_id = ? and s.sent_at >= ? %s
				order by s.sent_at desc, s.id desc
				limit ?
				""".formatted(STORED_COLUMNS, after)).params(args).query((rs, row) -> sent(rs)).list();
	}

	/** Whether {@code sender} sent anything in [{@code from}, {@code until}). */
	public boolean anySentBetween(UserId sender, Instant from, Instant until) {
		return this.jdbc
			.sql("select exists (select 1 from signals where sender_id = ? and sent_at < ? and sent_at >= ?)")
			.params(sender.value(), Timestamp.from(until), Timestamp.from(from))
			.query(Boolean.class)
			.single();
	}

	/**
	 * Everything of one kind {@code sender} sent since {@code since}, newest first, with
	 * every receipt counted (the user's own export: no front to wait for).
	 */
	public List<Sent> sentSince(UserId sender, SignalKind kind, Instant since) {
		return this.jdbc.sql("""
				select %s,
				       (select count(*) from receipts r where r.signal_id = s.id) as received_count,
				       (select count(*) from signals a where a.responds_to = s.id) as response_count
				from signals s
				where s.sender_id = ? and s.kind = ? and s.sent_at >= ?
				order by s.sent_at desc, s.id desc
				""".formatted(STORED_COLUMNS))
			.params(sender.value(), kind.wireName(), Timestamp.from(since))
			.query((rs, row) -> sent(rs))
			.list();
	}

	/**
	 * Deletes every signal a deleted user sent; their receipts and pending arrivals go
	 * with them (foreign keys cascade).
	 */
	@Override
	public void eraseUser(UserId user) {
		this.jdbc.sql("delete from signals where sender_id = ?").param(user.value()).update();
	}

	/**
	 * Deletes at most {@code limit} signals sent before {@code cutoff} (with their
	 * receipts and arrivals).
	 * @return how many were deleted
	 */
	public int deleteSentBefore(Instant cutoff, int limit) {
		return this.jdbc.sql("delete from signals where id in (select id from signals where sent_at < ? limit ?)")
			.params(Timestamp.from(cutoff), limit)
			.update();
	}

	private static String cursorClause(String time, String id, Instant before, UUID beforeId, List<Object> args) {
		if (before == null) {
			return "";
		}
		args.add(Timestamp.from(before));
		if (beforeId == null) {
			return "and " + time + " < ?";
		}
		args.add(beforeId);
		return "and (" + time + ", " + id + ") < (?, ?)";
	}

	private static Stored stored(ResultSet rs) throws SQLException {
		return new Stored(rs.getObject("id", UUID.class), new UserId(rs.getObject("sender_id", UUID.class)),
				SignalKind.fromWire(rs.getString("kind")), rs.getObject("responds_to", UUID.class),
				rs.getTimestamp("sent_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
				rs.getDouble("max_distance_m"));
	}

	private static Sent sent(ResultSet rs) throws SQLException {
		return new Sent(stored(rs), rs.getLong("received_count"), rs.getLong("response_count"));
	}

}
