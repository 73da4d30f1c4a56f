package com.bowwow.common.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.StreamInfo;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroups;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

import com.bowwow.common.lifecycle.BackgroundWorker;
import com.bowwow.common.lifecycle.LifecyclePhase;

import static com.bowwow.common.events.RedisText.bytes;
import static com.bowwow.common.events.RedisText.causeMentions;

/**
 * Moves committed outbox rows to their Redis Streams, in order, with IDs {@code <seq>-0}
 * from a per-stream sequence, and marks them published in the same transaction. Publishes
 * again what Redis lost, and trims the streams below what every known consumer group
 * acknowledged (see the package documentation). Runs in every instance; a
 * transaction-level advisory lock lets one relay at a time, so two instances never
 * interleave (or duplicate) entries.
 */
public class OutboxRelay extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

	private static final int REPUBLISH_CHUNK = 500;

	private static final RedisScript<Long> MOVE_UP = RedisScript.of("""
			local info = redis.pcall('XINFO', 'STREAM', KEYS[1])
			if type(info) == 'table' and not info.err then
			  for i = 1, #info, 2 do
			    if info[i] == 'last-generated-id' and
			        tonumber(string.match(info[i + 1], '^(%d+)')) >= tonumber(string.match(ARGV[1], '^(%d+)')) then
			      return 0
			    end
			  end
			  redis.call('XSETID', KEYS[1], ARGV[1])
			else
			  -- XSETID needs a stream: create it with an entry that nobody can read meanwhile
			  redis.call('XADD', KEYS[1], ARGV[1], 'placeholder', '')
			  redis.call('XDEL', KEYS[1], ARGV[1])
			end
			return 1
			""", Long.class);

	private static final RedisScript<Long> ADD_UNLESS_LOST = RedisScript.of("""
			local last = '0-0'
			local info = redis.pcall('XINFO', 'STREAM', KEYS[1])
			if type(info) == 'table' and not info.err then
			  for i = 1, #info, 2 do
			    if info[i] == 'last-generated-id' then last = info[i + 1] end
			  end
			end
			if tonumber(string.match(last, '^(%%d+)')) < tonumber(ARGV[1]) then return -1 end
			for i = 3, #ARGV, 4 do
			  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], ARGV[i], '%s', ARGV[i + 1], '%s', ARGV[i + 2],
			    '%s', ARGV[i + 3])
			end
			return (#ARGV - 2) / 4
			""".formatted(StreamFields.EVENT_ID, StreamFields.TYPE, StreamFields.PAYLOAD), Long.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final StringRedisTemplate redis;

	private final String table;

	private final int batchSize;

	private final Duration pollInterval;

	private final Duration retention;

	private final long streamMaxLength;

	private final Duration trimInterval;

	private final String streamsTable;

	private final String groupsTable;

	private final Clock clock;

	private final EventMetrics metrics;

	private final AtomicBoolean draining = new AtomicBoolean();

	private volatile Instant nextCleanup = Instant.EPOCH;

	private volatile Instant lastFailureLog = Instant.EPOCH;

	private volatile Instant nextTrim = Instant.EPOCH;

	private volatile Instant lastPinnedLog = Instant.EPOCH;

	OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, StringRedisTemplate redis,
			EventsProperties properties, Clock clock) {
		this(jdbc, transactions, redis, properties, clock, EventMetrics.NONE);
	}

	OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, StringRedisTemplate redis,
			EventsProperties properties, Clock clock, EventMetrics metrics) {
		// Stops after requests have drained, so that their last commits are relayed
		// before
		// the instance goes away; a batch in flight finishes (or rolls back), nothing is
		// lost either way.
		super(LifecyclePhase.RELAY, Duration.ofSeconds(10), OnStop.FINISH_ROUND);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.redis = redis;
		this.table = checkedTable(properties.outbox().table());
		this.batchSize = properties.outbox().batchSize();
		this.pollInterval = properties.outbox().pollInterval();
		this.retention = properties.outbox().retention();
		this.streamMaxLength = properties.streamMaxLength();
		this.trimInterval = properties.outbox().trimInterval();
		this.streamsTable = this.table + "_streams";
		this.groupsTable = this.table + "_groups";
		this.clock = clock;
		this.metrics = metrics;
	}

	static String checkedTable(String table) {
		if (table == null || !TABLE_NAME.matcher(table).matches()) {
			throw new IllegalStateException("bowwow.events.outbox.table must be a plain SQL name, not '" + table + "'");
		}
		return table;
	}

	/**
	 * Relays one batch, if this instance holds the relay lock. First checks that Redis
	 * still has everything relayed before and publishes again what it lost.
	 * @return how many rows were relayed
	 */
	public int relayBatch() {
		Integer relayed = this.transactions.execute((status) -> {
			if (!tryLock()) {
				return 0;
			}
			Map<String, Long> lastSequences = new LinkedHashMap<>();
			this.jdbc.query("SELECT stream, last_seq FROM " + this.streamsTable,
					(RowCallbackHandler) (rs) -> lastSequences.put(rs.getString(1), rs.getLong(2)));
			List<Row> rows = this.jdbc.query(
					"SELECT id, event_id, stream, event_type, payload FROM " + this.table
							+ " WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
					(rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5)),
					this.batchSize);
			Map<String, List<Row>> byStream = new LinkedHashMap<>();
			lastSequences.keySet().forEach((stream) -> byStream.put(stream, new ArrayList<>()));
			rows.forEach((row) -> byStream.computeIfAbsent(row.stream(), (s) -> new ArrayList<>()).add(row));
			List<Object[]> published = new ArrayList<>(rows.size());
			Timestamp now = Timestamp.from(this.clock.instant());
			for (Map.Entry<String, List<Row>> entry : byStream.entrySet()) {
				String stream = entry.getKey();
				long last = lastSequences.getOrDefault(stream, 0L);
				EntryId top = lastGeneratedId(stream);
				if (top.ms() < last) {
					// Redis lost entries it had (flush, failover to a replica that lagged
					// or
					// started empty): publish them again, with the same IDs.
					republish(stream, top, last);
					top = EntryId.ofSequence(last);
				}
				if (!entry.getValue().isEmpty()) {
					long assigned = relay(stream, entry.getValue(), last, top, now, published);
					this.jdbc.update(
							"INSERT INTO " + this.streamsTable + " (stream, last_seq) VALUES (?, ?)"
									+ " ON CONFLICT (stream) DO UPDATE SET last_seq = EXCLUDED.last_seq",
							stream, assigned);
				}
			}
			if (!published.isEmpty()) {
				this.jdbc.batchUpdate("UPDATE " + this.table + " SET seq = ?, published_at = ? WHERE id = ?",
						published);
			}
			return rows.size();
		});
		return (relayed != null) ? relayed : 0;
	}

	private boolean tryLock() {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT pg_try_advisory_xact_lock(hashtext('bowwow-outbox:' || current_schema() || '.' || ?))",
				Boolean.class, this.table));
	}

	/**
	 * Adds one stream's rows with IDs {@code <seq>-0} that continue both the sequence and
	 * the stream. Rows already in the stream past the recorded sequence (sent by a relay
	 * that died before its commit) keep the ID they got instead of being added twice.
	 * @return the greatest sequence now relayed to the stream
	 */
	private long relay(String stream, List<Row> rows, long last, EntryId top, Timestamp now, List<Object[]> published) {
		Map<String, Long> alreadyAdded = (top.ms() > last) ? addedAfter(stream, last) : Map.of();
		long sequence = Math.max(last, top.ms());
		long greatest = last;
		List<Row> toAdd = new ArrayList<>();
		for (Row row : rows) {
			Long assigned = alreadyAdded.get(row.eventId());
			if (assigned == null) {
				assigned = ++sequence;
				toAdd.add(new Row(assigned, row.eventId(), row.stream(), row.type(), row.payload()));
			}
			greatest = Math.max(greatest, assigned);
			published.add(new Object[] { assigned, now, row.id() });
		}
		addUnlessLost(stream, last, toAdd);
		return Math.max(greatest, sequence);
	}

	/** Event IDs of the relay's own entries past the given sequence, by sequence. */
	private Map<String, Long> addedAfter(String stream, long last) {
		Map<String, Long> added = new LinkedHashMap<>();
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.range(stream, Range.rightUnbounded(Range.Bound.inclusive(EntryId.ofSequence(last + 1).toString())),
					Limit.limit().count(Math.max(1000, this.batchSize * 4)));
		if (records != null) {
			for (MapRecord<String, Object, Object> record : records) {
				EntryId id = EntryId.parse(record.getId().getValue());
				Object eventId = record.getValue().get(StreamFields.EVENT_ID);
				if (id.seq() == 0 && eventId != null) {
					added.put(eventId.toString(), id.ms());
				}
			}
		}
		return added;
	}

	/**
	 * Adds the retained rows the stream lost, in sequence order and with their IDs,
	 * starting where the slowest known consumer group still needed entries (each group
	 * skips what it had already handled: see {@link ConsumerPositions}).
	 */
	private void republish(String stream, EntryId top, long last) {
		Long keepFrom = this.jdbc.queryForObject("SELECT min(keep_from) FROM " + this.groupsTable + " WHERE stream = ?",
				Long.class, stream);
		long from = Math.max(top.ms() + 1, (keepFrom != null) ? keepFrom : 0);
		long count = 0;
		long expected = top.ms();
		while (true) {
			List<Row> rows = this.jdbc.query(
					"SELECT seq, event_id, stream, event_type, payload FROM " + this.table
							+ " WHERE stream = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?",
					(rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getString(5)),
					stream, from, last, REPUBLISH_CHUNK);
			if (rows.isEmpty()) {
				break;
			}
			addUnlessLost(stream, expected, rows);
			expected = rows.get(rows.size() - 1).id();
			count += rows.size();
			from = rows.get(rows.size() - 1).id() + 1;
		}
		if (count > 0) {
			log.warn("Redis had lost entries of {} (its last ID was {}, {} had been relayed): published {} again",
					stream, top, EntryId.ofSequence(last), count);
			this.metrics.republished(stream, count);
		}
		if (from <= last) {
			// The newest rows are past their retention (or were deleted): move the
			// stream's last ID up to the sequence, creating the stream if need be, so
			// that
			// new entries continue it and this is not taken for a loss on every round.
			this.redis.execute(MOVE_UP, List.of(stream), EntryId.ofSequence(last).toString());
			log.warn("Redis had lost entries of {} up to {} that the outbox no longer holds", stream,
					EntryId.ofSequence(last));
		}
	}

	/**
	 * Adds entries with IDs {@code <seq>-0} (rows carry their sequence as {@code id}) in
	 * one script, only if the stream's last ID is still at least {@code expected}: Redis
	 * may lose its data between the check at the start of a round and these writes, and
	 * entries added to an emptied stream would hide the loss from the next check.
	 */
	private void addUnlessLost(String stream, long expected, List<Row> rows) {
		if (rows.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(2 + rows.size() * 4);
		args.add(Long.toString(expected));
		args.add(Long.toString(this.streamMaxLength));
		for (Row row : rows) {
			args.add(EntryId.ofSequence(row.id()).toString());
			args.add(row.eventId());
			args.add(row.type());
			args.add(row.payload());
		}
		Long added = this.redis.execute(ADD_UNLESS_LOST, List.of(stream), args.toArray());
		if (added == null || added < 0) {
			throw new IllegalStateException("Redis lost entries of " + stream + " while they were being relayed");
		}
	}

	/** The last ID the stream ever generated; {@code 0-0} if it does not exist. */
	private EntryId lastGeneratedId(String stream) {
		StreamInfo.XInfoStream info = streamInfo(stream);
		return (info != null) ? EntryId.parse(info.lastGeneratedId()) : EntryId.ZERO;
	}

	/** {@code XINFO STREAM}; null if the stream does not exist. */
	private StreamInfo.XInfoStream streamInfo(String stream) {
		try {
			return this.redis.opsForStream().info(stream);
		}
		catch (RuntimeException ex) {
			if (causeMentions(ex, "no such key")) {
				return null;
			}
			throw ex;
		}
	}

	/**
	 * Records where each consumer group of each stream is (durably, so that groups Redis
	 * loses still count), then trims each stream below the slowest of them. Groups not
	 * seen for the outbox's retention are forgotten: what they needed is gone anyway.
	 */
	public void trimStreams() {
		this.transactions.executeWithoutResult((status) -> {
			if (!tryLock()) {
				return;
			}
			Instant now = this.clock.instant();
			List<String> streams = this.jdbc.queryForList("SELECT stream FROM " + this.streamsTable, String.class);
			for (String stream : streams) {
				observeGroups(stream).forEach((group, keepFrom) -> this.jdbc.update("INSERT INTO " + this.groupsTable
						+ " (stream, group_name, keep_from, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (stream, group_name)"
						+ " DO UPDATE SET keep_from = EXCLUDED.keep_from, seen_at = EXCLUDED.seen_at", stream, group,
						keepFrom, Timestamp.from(now)));
				this.jdbc.update("DELETE FROM " + this.groupsTable + " WHERE stream = ? AND seen_at < ?", stream,
						Timestamp.from(now.minus(this.retention)));
				List<Map<String, Object>> slowest = this.jdbc.queryForList("SELECT group_name, keep_from FROM "
						+ this.groupsTable + " WHERE stream = ? ORDER BY keep_from, group_name LIMIT 1", stream);
				if (!slowest.isEmpty()) {
					long keepFrom = ((Number) slowest.get(0).get("keep_from")).longValue();
					if (dropIfTrimmedBeforeRead(stream)) {
						continue;
					}
					if (keepFrom > 0) {
						this.redis
							.execute((RedisCallback<Object>) (connection) -> connection.execute("XTRIM", bytes(stream),
									bytes("MINID"), bytes("~"), bytes(EntryId.ofSequence(keepFrom).toString())));
					}
				}
				Long length = this.redis.opsForStream().size(stream);
				long retained = (length != null) ? length : 0;
				this.metrics.streamLength(stream, retained);
				if (retained > this.streamMaxLength / 2 && !slowest.isEmpty()
						&& now.isAfter(this.lastPinnedLog.plus(Duration.ofMinutes(10)))) {
					this.lastPinnedLog = now;
					log.warn(
							"{} holds {} entries (hard cap {}): consumer group {} has not acknowledged past {}; "
									+ "past the cap it loses entries",
							stream, retained, this.streamMaxLength, slowest.get(0).get("group_name"),
							slowest.get(0).get("keep_from"));
				}
			}
		});
	}

	/**
	 * Entries the slowest known group that has read anything still needs were removed
	 * from the stream before it read them (a trim by hand, {@code XDEL}, the hard cap):
	 * the stream is dropped, and the next relay round publishes it again from that
	 * group's place with the same IDs, exactly as after a flush; every group skips what
	 * it already handled ({@link ConsumerPositions}) and recreates itself where it was.
	 * Not when the outbox no longer holds them, nor when more than the cap would be
	 * published again (that would only be trimmed once more).
	 * @return whether the stream was dropped
	 */
	private boolean dropIfTrimmedBeforeRead(String stream) {
		// A group that has read nothing yet (0) is new: what was trimmed before it
		// existed
		// is not its loss.
		List<Map<String, Object>> slowest = this.jdbc.queryForList("SELECT group_name, keep_from FROM "
				+ this.groupsTable + " WHERE stream = ? AND keep_from > 0 ORDER BY keep_from, group_name LIMIT 1",
				stream);
		if (slowest.isEmpty()) {
			return false;
		}
		long keepFrom = ((Number) slowest.get(0).get("keep_from")).longValue();
		String group = (String) slowest.get(0).get("group_name");
		StreamInfo.XInfoStream info = streamInfo(stream);
		if (info == null) {
			return false;
		}
		long firstKept = (info.streamLength() > 0) ? EntryId.parse(info.firstEntryId()).ms()
				: EntryId.parse(info.lastGeneratedId()).ms() + 1;
		// keep_from itself may have been read already (the last entry delivered); the
		// republishing starts there anyway
		if (firstKept <= keepFrom + 1) {
			return false;
		}
		Long missing = this.jdbc.queryForObject(
				"SELECT count(*) FROM " + this.table + " WHERE stream = ? AND seq > ? AND seq < ?", Long.class, stream,
				keepFrom, firstKept);
		if (missing == null || missing == 0) {
			return false;
		}
		long last = EntryId.parse(info.lastGeneratedId()).ms();
		if (last - keepFrom > this.streamMaxLength) {
			log.warn("{} lost {} entries group {} had not read, more than the cap of {} to publish again", stream,
					missing, group, this.streamMaxLength);
			return false;
		}
		this.redis.delete(stream);
		log.warn(
				"{} lost {} entries before group {} read them (it needs them from {}, the stream now starts at {}):"
						+ " publishing it again from there",
				stream, missing, group, EntryId.ofSequence(keepFrom), EntryId.ofSequence(firstKept));
		return true;
	}

	/**
	 * The sequence from which each group of the stream still needs entries: its oldest
	 * pending entry, or else the last one delivered to it (kept, to be safe by one).
	 */
	private Map<String, Long> observeGroups(String stream) {
		Map<String, Long> keepFrom = new LinkedHashMap<>();
		XInfoGroups groups;
		try {
			groups = this.redis.opsForStream().groups(stream);
		}
		catch (RuntimeException ex) {
			if (causeMentions(ex, "no such key")) {
				return keepFrom;
			}
			throw ex;
		}
		for (XInfoGroup group : groups) {
			EntryId from = EntryId.parse(group.lastDeliveredId());
			Long pending = group.pendingCount();
			if (pending != null && pending > 0) {
				PendingMessagesSummary summary = this.redis.opsForStream().pending(stream, group.groupName());
				if (summary != null && summary.getTotalPendingMessages() > 0) {
					from = EntryId.parse(summary.minMessageId());
				}
			}
			keepFrom.put(group.groupName(), from.ms());
		}
		return keepFrom;
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
			while (relayed == this.batchSize && !stopRequested());
			trimIfDue();
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

	private void trimIfDue() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.nextTrim)) {
			return;
		}
		this.nextTrim = now.plus(this.trimInterval);
		trimStreams();
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

	/**
	 * Relays every {@code poll-interval}, and at once when {@link #wakeUp()} is called
	 * after a commit that published.
	 */
	@Override
	protected void startWork() {
		every("outbox-relay", ThreadKind.PLATFORM, Duration.ZERO, this.pollInterval, this::drain);
	}

	private record Row(long id, String eventId, String stream, String type, String payload) {

	}

}
