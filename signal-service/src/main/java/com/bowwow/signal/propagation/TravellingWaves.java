package com.bowwow.signal.propagation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalKind;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The table of waves whose front still travels ({@code travelling_waves}), watched for
 * late arrivals. A claim is one statement ({@code FOR UPDATE SKIP LOCKED}, joined with
 * {@code signals} to rebuild the wave), so instances never wait on each other.
 */
public class TravellingWaves {

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
			returning t.signal_id, t.origin_latitude, t.origin_longitude, t.front_done_at, t.moved_since,
			          t.audience_complete, s.sender_id, s.kind, s.responds_to, s.sent_at, s.expires_at, s.max_distance_m,
			          s.sender_unit, s.speed_mps
			""";

	private final JdbcClient jdbc;

	public TravellingWaves(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Starts watching a wave, first at {@code firstCheck}, for those who moved at or
	 * after {@code movedSince} (the index clock of the audience the wave started with;
	 * null reads the whole disc); run in the send's transaction.
	 */
	public void add(Wave wave, Instant firstCheck, Instant movedSince) {
		insert(wave, firstCheck, movedSince, true);
	}

	/**
	 * Records a wave that left with only its nearest receivers planned: until
	 * {@link #completeAudience} the rest of its audience is owed, and the check at
	 * {@code firstCheck} (on any instance) plans it if nobody did. Run in the send's
	 * transaction.
	 */
	public void addIncomplete(Wave wave, Instant firstCheck) {
		insert(wave, firstCheck, null, false);
	}

	private void insert(Wave wave, Instant firstCheck, Instant movedSince, boolean audienceComplete) {
		this.jdbc.sql("""
				insert into travelling_waves
				    (signal_id, origin_latitude, origin_longitude, front_done_at, next_check_at, moved_since,
				     audience_complete)
				values (?, ?, ?, ?, ?, ?, ?)
				on conflict (signal_id) do nothing
				""")
			.params(wave.signalId(), wave.origin().latitude(), wave.origin().longitude(),
					Timestamp.from(wave.frontDone()), Timestamp.from(firstCheck),
					(movedSince != null) ? Timestamp.from(movedSince) : null, audienceComplete)
			.update();
	}

	/**
	 * Marks a wave's whole audience planned, with newcomer checks from {@code nextCheck}
	 * on, resuming at {@code movedSince} (null: the whole disc). Run in the transaction
	 * that stored the rest of the audience; when two instances completed it at once, only
	 * the first (whose row lock the second waits for) gets true.
	 * @return whether this call completed it
	 */
	public boolean completeAudience(UUID signalId, Instant movedSince, Instant nextCheck) {
		return this.jdbc.sql("""
				update travelling_waves set audience_complete = true, moved_since = ?, next_check_at = ?
				where signal_id = ? and not audience_complete
				""")
			.params((movedSince != null) ? Timestamp.from(movedSince) : null, Timestamp.from(nextCheck), signalId)
			.update() == 1;
	}

	/**
	 * Puts off the check that would plan a wave's owed audience to {@code nextCheck}: its
	 * sender is still storing it, ring by ring, and a check meanwhile would read and
	 * store the whole disc a second time. Run in the transaction that stores a ring.
	 */
	public void stillPlanning(UUID signalId, Instant nextCheck) {
		this.jdbc.sql("""
				update travelling_waves set next_check_at = greatest(next_check_at, ?)
				where signal_id = ? and not audience_complete
				""").params(Timestamp.from(nextCheck), signalId).update();
	}

	/**
	 * Moves a wave's newcomer check on to {@code movedSince}, never back (two instances
	 * may have checked it at once).
	 */
	public void checkedUpTo(Wave wave, Instant movedSince) {
		this.jdbc.sql("""
				update travelling_waves set moved_since = ?
				where signal_id = ? and (moved_since is null or moved_since < ?)
				""").params(Timestamp.from(movedSince), wave.signalId(), Timestamp.from(movedSince)).update();
	}

	/** Stops watching waves whose front is done by {@code doneBy}. */
	public void removeDoneBy(Instant doneBy) {
		// a wave whose audience is still owed stays until it is planned (late rather than
		// never)
		this.jdbc.sql("delete from travelling_waves where front_done_at <= ? and audience_complete")
			.param(Timestamp.from(doneBy))
			.update();
	}

	/**
	 * Claims up to {@code limit} waves due for a check at {@code now} that nobody else
	 * holds, moving their next check to {@code nextCheck}.
	 */
	public List<Travelling> claimDue(Instant now, int limit, Instant nextCheck) {
		return this.jdbc.sql(CLAIM).params(Timestamp.from(now), limit, Timestamp.from(nextCheck)).query((rs, row) -> {
			Timestamp movedSince = rs.getTimestamp("moved_since");
			return new Travelling(wave(rs), (movedSince != null) ? movedSince.toInstant() : null,
					rs.getBoolean("audience_complete"));
		}).list();
	}

	/** The sender and those of {@code among} the wave has planned or reached. */
	public Set<UserId> reached(Wave wave, Collection<UserId> among) {
		Set<UserId> known = new HashSet<>();
		known.add(wave.senderId());
		if (among.isEmpty()) {
			return known;
		}
		UUID[] ids = among.stream().map(UserId::value).toArray(UUID[]::new);
		known.addAll(this.jdbc.sql("""
				select receiver_id from pending_arrivals where signal_id = ? and receiver_id = any(?)
				union select receiver_id from receipts where signal_id = ? and receiver_id = any(?)
				""")
			.params(wave.signalId(), ids, wave.signalId(), ids)
			.query((rs, row) -> new UserId(rs.getObject(1, UUID.class)))
			.list());
		return known;
	}

	/**
	 * A claimed wave and where its newcomer check resumes.
	 *
	 * @param wave the wave
	 * @param movedSince look for those who moved at or after this (index clock); null for
	 * everyone within reach
	 * @param audienceComplete false while the rest of the audience it left with is owed
	 */
	public record Travelling(Wave wave, Instant movedSince, boolean audienceComplete) {

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

}
