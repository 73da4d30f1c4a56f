package com.bowwow.signal.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.bowwow.signal.propagation.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes signals (with their receipts and any arrivals left) once they are older than
 * the retention period, and cooldowns that no longer hold anyone back. Every instance may
 * run it: concurrent purges only delete the same rows once.
 */
class SignalRetention {

	private static final Logger log = LoggerFactory.getLogger(SignalRetention.class);

	private static final Duration COOLDOWN_KEPT = Duration.ofDays(1);

	private final JdbcClient jdbc;

	private final Signals signals;

	private final RetentionProperties properties;

	private final Clock clock;

	public SignalRetention(JdbcClient jdbc, Signals signals, RetentionProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.signals = signals;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "1m", fixedDelayString = "1h")
	public void scheduled() {
		purge();
	}

	/**
	 * @return how many signals were deleted
	 */
	public long purge() {
		Instant now = this.clock.instant();
		Instant cutoff = now.minus(this.properties.keep());
		long deleted = 0;
		int round;
		do {
			round = this.signals.deleteSentBefore(cutoff, this.properties.batch());
			deleted += round;
		}
		while (round == this.properties.batch());
		this.jdbc.sql("delete from sender_cooldowns where last_sent_at < ?")
			.param(Timestamp.from(now.minus(COOLDOWN_KEPT)))
			.update();
		if (deleted > 0) {
			log.info("Deleted {} signals older than {}", deleted, this.properties.keep());
		}
		return deleted;
	}

}
