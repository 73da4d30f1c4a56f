package com.bowwow.analytics.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes rows older than the retention periods. Every instance may run it: concurrent
 * purges delete the same rows once.
 */
class AnalyticsRetention {

	private static final Logger log = LoggerFactory.getLogger(AnalyticsRetention.class);

	/** Each table and the time column its age is judged by. */
	private static final Map<String, String> TABLES = Map.of("user_activity", "last_reported_at", "signals", "sent_at",
			"deliveries", "received_at", "push_outcomes", "hour", "stream_samples", "sampled_at", "users", "deleted_at",
			"reports", "filed_at", "blocks", "blocked_at");

	private final JdbcClient jdbc;

	private final RetentionProperties properties;

	private final Clock clock;

	public AnalyticsRetention(JdbcClient jdbc, RetentionProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "5m", fixedDelayString = "1h")
	public void scheduled() {
		purge();
	}

	/**
	 * @return rows deleted
	 */
	public long purge() {
		Instant now = this.clock.instant();
		long deleted = purge("processed_event", "processed_at", now.minus(this.properties.processedEvents()));
		for (Map.Entry<String, String> table : TABLES.entrySet()) {
			long rows = purge(table.getKey(), table.getValue(), now.minus(this.properties.keep()));
			if (rows > 0) {
				log.info("Deleted {} rows of {} older than {}", rows, table.getKey(), this.properties.keep());
			}
			deleted += rows;
		}
		return deleted + purgeSuspensions(now.minus(this.properties.keep()));
	}

	/**
	 * Suspensions that ended before the cutoff (lifted after their latest start, or run
	 * out); one still in force stays however old it is.
	 */
	private long purgeSuspensions(Instant cutoff) {
		return this.jdbc.sql("""
				delete from suspensions where until < ?
				  or (lifted_at < ? and (suspended_at is null or lifted_at >= suspended_at))
				""").params(Timestamp.from(cutoff), Timestamp.from(cutoff)).update();
	}

	private long purge(String table, String column, Instant cutoff) {
		long deleted = 0;
		int round;
		do {
			round = this.jdbc
				.sql("delete from " + table + " where ctid in (select ctid from " + table + " where " + column
						+ " < ? limit ?)")
				.params(Timestamp.from(cutoff), this.properties.batch())
				.update();
			deleted += round;
		}
		while (round == this.properties.batch());
		return deleted;
	}

}
