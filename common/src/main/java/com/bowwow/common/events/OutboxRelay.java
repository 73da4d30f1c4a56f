package com.bowwow.common.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to their Redis Streams, in order, and marks them published
 * in the same transaction. Runs in every instance; a transaction-level advisory lock lets
 * one relay at a time, so two instances never interleave (or duplicate) entries.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final StringRedisTemplate redis;

	private final String table;

	private final int batchSize;

	private final Duration pollInterval;

	private final Duration retention;

	private final long streamMaxLength;

	private final Clock clock;

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile ScheduledExecutorService executor;

	private volatile boolean stopping;

	private volatile Instant nextCleanup = Instant.EPOCH;

	private volatile Instant lastFailureLog = Instant.EPOCH;

	OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, StringRedisTemplate redis,
			EventsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.redis = redis;
		this.table = checkedTable(properties.outbox().table());
		this.batchSize = properties.outbox().batchSize();
		this.pollInterval = properties.outbox().pollInterval();
		this.retention = properties.outbox().retention();
		this.streamMaxLength = properties.streamMaxLength();
		this.clock = clock;
	}

	static String checkedTable(String table) {
		if (table == null || !TABLE_NAME.matcher(table).matches()) {
			throw new IllegalStateException("bowwow.events.outbox.table must be a plain SQL name, not '" + table + "'");
		}
		return table;
	}

	/**
	 * Relays one batch, if this instance holds the relay lock.
	 * @return how many rows were relayed
	 */
	public int relayBatch() {
		Integer relayed = this.transactions.execute((status) -> {
			Boolean lock = this.jdbc.queryForObject(
					"SELECT pg_try_advisory_xact_lock(hashtext('bowwow-outbox:' || current_schema() || '.' || ?))",
					Boolean.class, this.table);
			if (!Boolean.TRUE.equals(lock)) {
				return 0;
			}
			List<Row> rows = this.jdbc.query(
					"SELECT id, event_id, stream, event_type, payload FROM " + this.table
							+ " WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
					(rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5)),
					this.batchSize);
			if (rows.isEmpty()) {
				return 0;
			}
			XAddOptions trim = XAddOptions.maxlen(this.streamMaxLength).approximateTrimming(true);
			for (Row row : rows) {
				Map<String, String> fields = new LinkedHashMap<>();
				fields.put(StreamFields.EVENT_ID, row.eventId());
				fields.put(StreamFields.TYPE, row.type());
				fields.put(StreamFields.PAYLOAD, row.payload());
				this.redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(row.stream()), trim);
			}
			List<Long> ids = new ArrayList<>(rows.size());
			rows.forEach((row) -> ids.add(row.id()));
			this.jdbc.update("UPDATE " + this.table + " SET published_at = ? WHERE id = ANY (?)",
					Timestamp.from(this.clock.instant()), ids.toArray(Long[]::new));
			return rows.size();
		});
		return (relayed != null) ? relayed : 0;
	}

	/** Unpublished rows, for the backlog gauge; NaN while the database cannot say. */
	double backlog() {
		try {
			Long count = this.jdbc.queryForObject("SELECT count(*) FROM " + this.table + " WHERE published_at IS NULL",
					Long.class);
			return (count != null) ? count : Double.NaN;
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	/** Relays until nothing is left (or another instance holds the lock). */
	public void drain() {
		if (!this.draining.compareAndSet(false, true)) {
			return;
		}
		try {
			int relayed;
			do {
				relayed = relayBatch();
			}
			while (relayed == this.batchSize && !this.stopping);
			cleanUpIfDue();
		}
		catch (RuntimeException ex) {
			// Rows stay unpublished and are retried on the next round; log at most once a
			// minute while the outage lasts.
			Instant now = this.clock.instant();
			if (now.isAfter(this.lastFailureLog.plus(Duration.ofMinutes(1)))) {
				this.lastFailureLog = now;
				log.warn("Outbox relay failed, will retry: {}", ex.getMessage(), ex);
			}
		}
		finally {
			this.draining.set(false);
		}
	}

	/** Asks for a relay round now, e.g. right after a commit that published. */
	public void wakeUp() {
		ScheduledExecutorService current = this.executor;
		if (current != null) {
			try {
				current.execute(this::drain);
			}
			catch (RuntimeException ex) {
				// shutting down: the next start relays what is left
			}
		}
	}

	private void cleanUpIfDue() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.nextCleanup)) {
			return;
		}
		this.nextCleanup = now.plus(CLEANUP_INTERVAL);
		int deleted = this.jdbc.update(
				"DELETE FROM " + this.table + " WHERE published_at IS NOT NULL AND published_at < ?",
				Timestamp.from(now.minus(this.retention)));
		if (deleted > 0) {
			log.debug("Deleted {} published outbox rows", deleted);
		}
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.stopping = false;
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon().factory());
		this.executor.scheduleWithFixedDelay(this::drain, 0, this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService current = this.executor;
		this.executor = null;
		this.stopping = true;
		if (current != null) {
			current.shutdown();
			try {
				// A batch in flight finishes (or rolls back); nothing is lost either way.
				if (!current.awaitTermination(10, TimeUnit.SECONDS)) {
					current.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				current.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		// Lower than the web server's phases: stops after requests have drained, so that
		// their last commits are relayed before the instance goes away.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Row(long id, String eventId, String stream, String type, String payload) {

	}

}
