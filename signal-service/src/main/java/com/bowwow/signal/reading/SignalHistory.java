package com.bowwow.signal.reading;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.UUID;

import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.reading.HistoryPage.Cursor;
import com.bowwow.signal.retention.RetentionProperties;
import com.bowwow.signal.sending.SignalProblem;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

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

	private final JdbcClient jdbc;

	private final Signals signals;

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

	public SignalHistory(JdbcClient jdbc, Signals signals, KnownUsers users, Clock clock, SafetyReads safety,
			RetentionProperties retention) {
		this.safety = safety;
		this.jdbc = jdbc;
		this.signals = signals;
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
		List<ReceivedSignal> rows = this.signals
			.receivedPage(reader, lower, before(cursor), beforeId(cursor), limit + 1)
			.stream()
			.map((r) -> new ReceivedSignal(r.receiptId(), r.signalId(), r.senderId(),
					Distance.ofMeters(r.distanceMeters()).to(unit).rounded(), unit, r.direction(), r.receivedAt(),
					status(r.expiresAt(), now), r.kind(), r.responded()))
			.toList();
		Cursor next;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			next = new Cursor(rows.getLast().receivedAt(), rows.getLast().id());
		}
		else {
			next = olderThanWindow(cursor, now, (windowStart, retained) -> this.jdbc.sql(
					"select exists (select 1 from receipts where receiver_id = ? and received_at < ? and received_at >= ?)")
				.params(reader.value(), Timestamp.from(windowStart), Timestamp.from(retained))
				.query(Boolean.class)
				.single());
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
		List<SentSignal> rows = this.signals
			.sentPage(reader, now, COUNT_SETTLE.toMillis() / 1000.0, lower, before(cursor), beforeId(cursor), limit + 1)
			.stream()
			.map((sent) -> {
				Signals.Stored s = sent.signal();
				return new SentSignal(s.id(), reader, s.sentAt(),
						Distance.ofMeters(s.maxDistanceMeters()).to(unit).rounded(), unit, status(s.expiresAt(), now),
						s.expiresAt(), s.kind(), sent.receivedCount(), sent.responseCount());
			})
			.toList();
		Cursor next;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			next = new Cursor(rows.getLast().sentAt(), rows.getLast().signalID());
		}
		else {
			next = olderThanWindow(cursor, now,
					(windowStart, retained) -> this.signals.anySentBetween(reader, retained, windowStart));
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

	private static Instant before(Cursor cursor) {
		return (cursor != null) ? cursor.before() : null;
	}

	private static UUID beforeId(Cursor cursor) {
		return (cursor != null) ? cursor.beforeId() : null;
	}

	/**
	 * After a complete first page: whether anything older than the 24-hour window is
	 * still kept, and if so the cursor that leads to it.
	 * @param anyBetween whether the list has an entry before the window's start (first
	 * argument) and within the retention period (from the second)
	 */
	private Cursor olderThanWindow(Cursor cursor, Instant now, BiPredicate<Instant, Instant> anyBetween) {
		if (cursor != null) {
			return null;
		}
		Instant windowStart = now.minus(WINDOW);
		return anyBetween.test(windowStart, now.minus(this.retention)) ? new Cursor(windowStart, null) : null;
	}

	static String status(Instant expiresAt, Instant now) {
		return now.isBefore(expiresAt) ? "active" : "expired";
	}

}
