package com.bowwow.signal.sending;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.bowwow.common.id.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One signal per sender per cooldown period. The check and the claim are one conditional
 * upsert: of two concurrent sends, the second waits on the first's row lock, re-reads the
 * committed time and is refused. Run it inside the transaction that starts the wave, so a
 * failed send does not burn the sender's hour.
 */
class Cooldowns {

	private static final String CLAIM = """
			insert into sender_cooldowns (sender_id, last_sent_at) values (?, ?)
			on conflict (sender_id) do update set last_sent_at = excluded.last_sent_at
			where sender_cooldowns.last_sent_at <= excluded.last_sent_at - make_interval(secs => ?)
			returning last_sent_at
			""";

	private final JdbcClient jdbc;

	private final Duration period;

	public Cooldowns(JdbcClient jdbc, Duration period) {
		this.jdbc = jdbc;
		this.period = period;
	}

	/** How long until the sender may send again, without claiming anything. */
	public Optional<Duration> remaining(UserId sender, Instant now) {
		List<Timestamp> last = this.jdbc.sql("select last_sent_at from sender_cooldowns where sender_id = ?")
			.param(sender.value())
			.query(Timestamp.class)
			.list();
		if (last.isEmpty()) {
			return Optional.empty();
		}
		Duration remaining = Duration.between(now, last.get(0).toInstant().plus(this.period));
		return remaining.isPositive() ? Optional.of(remaining) : Optional.empty();
	}

	/**
	 * Claims the sender's slot at {@code now}.
	 * @return empty when the sender may send (the slot is now taken), otherwise how long
	 * until they may
	 */
	public Optional<Duration> tryClaim(UserId sender, Instant now) {
		List<Timestamp> claimed = this.jdbc.sql(CLAIM)
			.params(sender.value(), Timestamp.from(now), (double) this.period.toSeconds())
			.query(Timestamp.class)
			.list();
		if (!claimed.isEmpty()) {
			return Optional.empty();
		}
		Instant last = this.jdbc.sql("select last_sent_at from sender_cooldowns where sender_id = ?")
			.param(sender.value())
			.query(Timestamp.class)
			.single()
			.toInstant();
		Duration remaining = Duration.between(now, last.plus(this.period));
		return Optional.of(remaining.isNegative() ? Duration.ZERO : remaining);
	}

}
