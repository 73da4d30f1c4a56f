package com.bowwow.signal.sending;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.lifecycle.BackgroundWorker;
import com.bowwow.common.lifecycle.LifecyclePhase;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.Wave.Candidate;
import com.bowwow.signal.propagation.WaveStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reaches people who come within a wave's reach after it left. While the wavefront is
 * still travelling, any instance asks again who is around; anyone new whose position the
 * front has not yet passed gets an arrival at the moment it will. Someone whose position
 * the front already passed was not in range while it went by, and is not reached.
 * <p>
 * Durable: the travelling wave is a row of {@code travelling_waves}, written in the
 * send's transaction and claimed by whichever instance's worker finds it due ({@code FOR
 * UPDATE SKIP LOCKED}, the claim moves its next check forward), so a wave whose instance
 * stops keeps finding newcomers on the others. Who is already reached is read from the
 * wave's arrivals and receipts, not remembered; planning is idempotent (one arrival per
 * receiver), so two instances checking the same wave cannot plan anyone twice.
 */
class LateArrivals extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(LateArrivals.class);

	/** Waves checked per round and instance. */
	static final int BATCH = 50;

	private static final String CLAIM = """
			with due as (
			    select signal_id from travelling_waves
			    where next_check_at <= ?
			    order by next_check_at
			    limit ?
			    for update skip locked)
			update travelling_waves t set next_check_at = ?
			from due, signals s
			where t.signal_id = due.signal_id and s.id = t.signal_id
			returning t.signal_id, t.origin_latitude, t.origin_longitude, t.front_done_at, s.sender_id, s.kind,
			          s.responds_to, s.sent_at, s.expires_at, s.max_distance_m, s.sender_unit, s.speed_mps
			""";

	private final NearbyUsersClient nearby;

	private final WaveStore waves;

	private final PropagationEngine engine;

	private final Duration interval;

	private final Clock clock;

	private final SafeAudience audience;

	private final JdbcTemplate jdbc;

	public LateArrivals(NearbyUsersClient nearby, WaveStore waves, PropagationEngine engine, SafeAudience audience,
			Duration interval, Clock clock, JdbcTemplate jdbc) {
		// A round is cut short at once: the claimed waves are checked again at their next
		// check time, here or elsewhere.
		super(LifecyclePhase.WORKERS, Duration.ofSeconds(5), OnStop.INTERRUPT);
		this.audience = audience;
		this.nearby = nearby;
		this.waves = waves;
		this.engine = engine;
		this.interval = interval;
		this.clock = clock;
		this.jdbc = jdbc;
	}

	/**
	 * Records that the wave travels and must be watched until its front has passed its
	 * whole reach. Call in the transaction that starts the wave.
	 */
	public void follow(Wave wave) {
		if (!this.clock.instant().plus(this.interval).isBefore(wave.frontDone())) {
			return;
		}
		this.jdbc.update(
				"""
						insert into travelling_waves (signal_id, origin_latitude, origin_longitude, front_done_at, next_check_at)
						values (?, ?, ?, ?, ?)
						on conflict (signal_id) do nothing
						""",
				wave.signalId(), wave.origin().latitude(), wave.origin().longitude(), Timestamp.from(wave.frontDone()),
				Timestamp.from(this.clock.instant().plus(this.interval)));
	}

	/** One round: every due travelling wave this instance can claim is checked once. */
	int checkDue() {
		Instant now = this.clock.instant();
		this.jdbc.update("delete from travelling_waves where front_done_at <= ?",
				Timestamp.from(now.plus(this.interval)));
		List<Wave> due = this.jdbc.query(CLAIM, (rs, row) -> wave(rs), Timestamp.from(now), BATCH,
				Timestamp.from(now.plus(this.interval)));
		for (Wave wave : due) {
			try {
				check(wave);
			}
			catch (RuntimeException ex) {
				// the row stays: the next check (here or elsewhere) tries again
				log.debug("Looking for late arrivals of {} failed: {}", wave.signalId(), ex.getMessage());
			}
		}
		return due.size();
	}

	void check(Wave wave) {
		Instant now = this.clock.instant();
		Set<UserId> known = reached(wave);
		List<Candidate> newcomers = this.nearby
			.within(wave.origin(), wave.maxDistanceMeters() + Wave.CELL_MARGIN_METERS, wave.senderId())
			.stream()
			.filter((candidate) -> !known.contains(candidate.userId()))
			.toList();
		// Same rules as at the start: cell centre within reach, nobody hidden from the
		// sender.
		List<Arrival> late = wave.plan(this.audience.stillReachable(wave.senderId(), newcomers))
			.stream()
			.filter((arrival) -> arrival.dueAt().isAfter(now))
			.toList();
		if (!late.isEmpty()) {
			this.waves.add(wave.signalId(), late);
			this.engine.wakeUp();
		}
	}

	/** The sender and everyone the wave has planned or reached. */
	private Set<UserId> reached(Wave wave) {
		Set<UserId> known = new HashSet<>(this.jdbc.query("""
				select receiver_id from pending_arrivals where signal_id = ?
				union select receiver_id from receipts where signal_id = ?
				""", (rs, row) -> new UserId(rs.getObject(1, UUID.class)), wave.signalId(), wave.signalId()));
		known.add(wave.senderId());
		return known;
	}

	private static Wave wave(ResultSet rs) throws SQLException {
		UUID respondsTo = rs.getObject("responds_to", UUID.class);
		return new Wave(rs.getObject("signal_id", UUID.class), new UserId(rs.getObject("sender_id", UUID.class)),
				SignalKind.fromWire(rs.getString("kind")), respondsTo,
				Coordinates.of(rs.getDouble("origin_latitude"), rs.getDouble("origin_longitude")),
				rs.getTimestamp("sent_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
				rs.getDouble("max_distance_m"), DistanceUnit.fromWire(rs.getString("sender_unit")),
				rs.getDouble("speed_mps"));
	}

	@Override
	protected void startWork() {
		Duration poll = poll();
		every("late-arrivals", ThreadKind.PLATFORM, poll, poll, () -> {
			try {
				checkDue();
			}
			catch (RuntimeException ex) {
				log.debug("Looking for late arrivals failed: {}", ex.getMessage());
			}
		});
	}

	/**
	 * Polls a few times per interval (one indexed query on a small table), so that each
	 * wave is checked about every interval whichever instance's phase claims it.
	 */
	private Duration poll() {
		return Duration.ofMillis(Math.max(20, this.interval.toMillis() / 4));
	}

}
