package com.bowwow.signal.reading;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.reading.HistoryPage.Cursor;
import com.bowwow.signal.retention.RetentionProperties;
import com.bowwow.signal.sending.SignalProblem;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a user received and sent, newest first, every distance in the reader's unit, one
 * page at a time. The first page (no cursor) covers the last 24 hours, as the client's
 * list always has; its {@code next} cursor then leads on through the whole retention
 * period. Entries are ordered by (time, id), so ties never split or repeat across pages.
 * Status is computed from {@code expires_at} at read time, so there are no timers to
 * lose.
 */
class SignalHistory {

	static final Duration WINDOW = Duration.ofHours(24);

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 500;

	private final JdbcTemplate jdbc;

	private final KnownUsers users;

	/**
	 * How long after the front has passed everyone it may reach a wave's receipts start
	 * to be counted: room for deliveries running a little late, whose moment would
	 * otherwise show.
	 */
	static final Duration COUNT_SETTLE = Duration.ofSeconds(1);

	private final Clock clock;

	private final SafetyReads safety;

	private final Duration retention;

	public SignalHistory(JdbcTemplate jdbc, KnownUsers users, Clock clock, SafetyReads safety,
			RetentionProperties retention) {
		this.safety = safety;
		this.jdbc = jdbc;
		this.users = users;
		this.clock = clock;
		this.retention = retention.keep();
	}

	/**
	 * What reached the reader, leaving out whatever came from someone now blocked either
	 * way or suspended (invisible to everyone). Fails closed when the safety read model
	 * cannot be read.
	 * @param reader whose receipts
	 * @param limit at most this many entries (before hidden senders are left out)
	 * @param cursor where the previous page ended, or null for the first page
	 */
	public HistoryPage<ReceivedSignal> received(UserId reader, int limit, Cursor cursor) {
		DistanceUnit unit = this.users.settingsOf(reader).distanceUnit();
		Instant now = this.clock.instant();
		Instant lower = lowerBound(cursor, now);
		List<Object> args = new ArrayList<>(List.of(reader.value(), Timestamp.from(lower)));
		String after = cursorClause("r.received_at", "r.id", cursor, args);
		args.add(limit + 1);
		List<ReceivedSignal> rows = this.jdbc
			.query("""
					select r.id, r.signal_id, r.sender_id, r.distance_m, r.direction, r.received_at, r.kind, s.expires_at,
					       exists (select 1 from signals a where a.responds_to = r.signal_id and a.sender_id = r.receiver_id)
					           as responded
					from receipts r join signals s on s.id = r.signal_id
					where r.receiver_id = ? and r.received_at >= ? %s
					order by r.received_at desc, r.id desc
					limit ?
					"""
				.formatted(after), (rs, row) -> {
					Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
					return new ReceivedSignal(rs.getObject("id", UUID.class), rs.getObject("signal_id", UUID.class),
							new UserId(rs.getObject("sender_id", UUID.class)),
							Distance.ofMeters(rs.getDouble("distance_m")).to(unit).rounded(), unit,
							CompassDirection.valueOf(rs.getString("direction")),
							rs.getTimestamp("received_at").toInstant(), status(expiresAt, now),
							SignalKind.fromWire(rs.getString("kind")), rs.getBoolean("responded"));
				}, args.toArray());
		Cursor next;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			next = new Cursor(rows.getLast().receivedAt(), rows.getLast().id());
		}
		else {
			next = olderThanWindow(cursor, now, "select exists (select 1 from receipts where receiver_id = ?"
					+ " and received_at < ? and received_at >= ?)", reader);
		}
		return new HistoryPage<>(visible(reader, rows), next);
	}

	private List<ReceivedSignal> visible(UserId reader, List<ReceivedSignal> all) {
		if (all.isEmpty()) {
			return all;
		}
		Set<UserId> hidden;
		try {
			hidden = this.safety.hiddenFrom(reader, all.stream().map(ReceivedSignal::senderID).distinct().toList());
		}
		catch (DataAccessException ex) {
			throw new ApiException(SignalProblem.SIGNAL_UNAVAILABLE,
					"Received signals cannot be read right now; please try again shortly", ex)
				.header("Retry-After", "5");
		}
		return hidden.isEmpty() ? all : all.stream().filter((entry) -> !hidden.contains(entry.senderID())).toList();
	}

	/**
	 * The reader's own waves. Location privacy: {@code receivedCount} stays 0 until the
	 * front has passed the true position of everyone it may reach (its reach plus a cell
	 * margin, see {@link Wave#frontDone()}) and no arrival of it is still pending, and
	 * only then counts the receipts. A running count would rise at the moment each
	 * receipt is written, i.e. at each receiver's true distance; the final count depends
	 * only on whose cell centre lies within reach.
	 */
	public HistoryPage<SentSignal> sent(UserId reader, int limit, Cursor cursor) {
		DistanceUnit unit = this.users.settingsOf(reader).distanceUnit();
		Instant now = this.clock.instant();
		Instant lower = lowerBound(cursor, now);
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(now), Wave.CELL_MARGIN_METERS,
				COUNT_SETTLE.toMillis() / 1000.0, reader.value(), Timestamp.from(lower)));
		String after = cursorClause("s.sent_at", "s.id", cursor, args);
		args.add(limit + 1);
		List<SentSignal> rows = this.jdbc.query("""
				select s.id, s.sent_at, s.max_distance_m, s.expires_at, s.kind,
				       case when ? >= s.sent_at + ((s.max_distance_m + ?) / s.speed_mps + ?) * interval '1 second'
				                 and not exists (select 1 from pending_arrivals p where p.signal_id = s.id)
				            then (select count(*) from receipts r where r.signal_id = s.id)
				            else 0 end as received_count,
				       (select count(*) from signals a where a.responds_to = s.id) as response_count
				from signals s
				where s.sender_id = ? and s.sent_at >= ? %s
				order by s.sent_at desc, s.id desc
				limit ?
				""".formatted(after), (rs, row) -> {
			Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
			return new SentSignal(rs.getObject("id", UUID.class), reader, rs.getTimestamp("sent_at").toInstant(),
					Distance.ofMeters(rs.getDouble("max_distance_m")).to(unit).rounded(), unit, status(expiresAt, now),
					expiresAt, SignalKind.fromWire(rs.getString("kind")), rs.getLong("received_count"),
					rs.getLong("response_count"));
		}, args.toArray());
		Cursor next;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			next = new Cursor(rows.getLast().sentAt(), rows.getLast().signalID());
		}
		else {
			next = olderThanWindow(cursor, now,
					"select exists (select 1 from signals where sender_id = ? and sent_at < ? and sent_at >= ?)",
					reader);
		}
		return new HistoryPage<>(rows, next);
	}

	/**
	 * The first page covers the last 24 hours, later pages reach back to the retention
	 * limit (older rows are about to be purged and are never shown).
	 */
	private Instant lowerBound(Cursor cursor, Instant now) {
		return (cursor == null) ? now.minus(WINDOW) : now.minus(this.retention);
	}

	private static String cursorClause(String time, String id, Cursor cursor, List<Object> args) {
		if (cursor == null) {
			return "";
		}
		args.add(Timestamp.from(cursor.before()));
		if (cursor.beforeId() == null) {
			return "and " + time + " < ?";
		}
		args.add(cursor.beforeId());
		return "and (" + time + ", " + id + ") < (?, ?)";
	}

	/**
	 * After a complete first page: whether anything older than the 24-hour window is
	 * still kept, and if so the cursor that leads to it.
	 */
	private Cursor olderThanWindow(Cursor cursor, Instant now, String existsQuery, UserId reader) {
		if (cursor != null) {
			return null;
		}
		Instant windowStart = now.minus(WINDOW);
		Boolean older = this.jdbc.queryForObject(existsQuery, Boolean.class, reader.value(),
				Timestamp.from(windowStart), Timestamp.from(now.minus(this.retention)));
		return Boolean.TRUE.equals(older) ? new Cursor(windowStart, null) : null;
	}

	static String status(Instant expiresAt, Instant now) {
		return now.isBefore(expiresAt) ? "active" : "expired";
	}

}
