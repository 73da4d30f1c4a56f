package com.bowwow.common.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.StreamMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.PendingMessagesSummary;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.bowwow.common.lifecycle.BackgroundWorker;
import com.bowwow.common.lifecycle.LifecyclePhase;

import static com.bowwow.common.events.RedisText.bytes;
import static com.bowwow.common.events.RedisText.causeMentions;

/**
 * One consumer of a consumer group, on a virtual thread: reads new entries, hands them to
 * the handler, acknowledges those handled, and regularly takes over entries that stayed
 * pending too long anywhere in the group. Declare it as a bean so that it starts and
 * stops with the application.
 */
public class EventSubscription extends BackgroundWorker {

	private static final Logger log = LoggerFactory.getLogger(EventSubscription.class);

	private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

	private static final Duration FORGET_IDLE_CONSUMERS_AFTER = Duration.ofDays(1);

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

	private final StringRedisTemplate redis;

	private final String stream;

	private final String group;

	private final String consumerName;

	private final EventHandler handler;

	private final EventsProperties.Consumer settings;

	private final Clock clock;

	private final EventMetrics metrics;

	private final ConsumerPositions positions;

	private volatile boolean groupReady;

	private Instant lastFailureLog = Instant.EPOCH;

	private Instant nextHousekeeping = Instant.EPOCH;

	private volatile Backlog backlog;

	private volatile Instant backlogReadAt = Instant.EPOCH;

	/** Entries were handled since the group's position was last recorded. */
	private volatile boolean progressed;

	private Instant nextPositionRecord = Instant.EPOCH;

	private volatile EntryId recordedPosition;

	EventSubscription(StringRedisTemplate redis, String stream, String group, String consumerName, EventHandler handler,
			EventsProperties.Consumer settings, Clock clock, EventMetrics metrics, ConsumerPositions positions) {
		// The entry being handled finishes and is acknowledged; anything else stays
		// pending for the rest of the group.
		super(LifecyclePhase.CONSUMERS, Duration.ofSeconds(10), OnStop.FINISH_ROUND);
		this.redis = redis;
		this.stream = stream;
		this.group = group;
		this.consumerName = consumerName;
		this.handler = handler;
		this.settings = settings;
		this.clock = clock;
		this.metrics = metrics;
		this.positions = positions;
	}

	public String stream() {
		return this.stream;
	}

	public String group() {
		return this.group;
	}

	public String consumerName() {
		return this.consumerName;
	}

	@Override
	protected void startWork() {
		loop("events-" + this.group + "-" + this.stream, ThreadKind.VIRTUAL, this::run);
	}

	@Override
	protected void afterStop() {
		if (this.progressed) {
			recordPosition();
		}
		forgetSelfIfIdle();
	}

	private void run() {
		Instant nextClaim = Instant.EPOCH;
		while (isRunning()) {
			try {
				if (!this.groupReady) {
					ensureGroup();
				}
				Instant now = this.clock.instant();
				if (!now.isBefore(nextClaim)) {
					if (claimStale() > 0) {
						this.progressed = true;
					}
					housekeeping(now);
					nextClaim = now.plus(this.settings.claimInterval());
				}
				int read = readNew();
				if (read > 0) {
					this.progressed = true;
				}
				recordPositionIfDue();
				if (read == 0) {
					pause(this.settings.pollInterval());
				}
			}
			catch (RuntimeException ex) {
				if (String.valueOf(ex.getMessage()).contains("NOGROUP") || causeMentions(ex, "NOGROUP")) {
					// The stream or group vanished (e.g. Redis was flushed): recreate.
					this.groupReady = false;
				}
				logFailure("Event consumer " + this.consumerName + " on " + this.stream + " failed, retrying", ex);
				pause(ERROR_BACKOFF);
			}
		}
	}

	/**
	 * How far the group is behind, from {@code XINFO GROUPS} (Redis 7: {@code lag} is
	 * what was never delivered to the group; {@code pending}, delivered and not yet
	 * acknowledged). NaN while Redis cannot say, or before the group exists. Cached for a
	 * second, since every scrape of every gauge asks.
	 */
	public Backlog backlog() {
		Backlog cached = this.backlog;
		Instant now = this.clock.instant();
		if (cached != null && now.isBefore(this.backlogReadAt.plusSeconds(1))) {
			return cached;
		}
		Backlog read = readBacklog();
		this.backlog = read;
		this.backlogReadAt = now;
		return read;
	}

	private Backlog readBacklog() {
		try {
			for (XInfoGroup info : ops().groups(this.stream)) {
				if (this.group.equals(info.groupName())) {
					Map<String, Object> raw = info.getRaw();
					return new Backlog(number(raw.get("lag")), info.pendingCount());
				}
			}
		}
		catch (RuntimeException ex) {
			// No stream yet (ERR no such key) or Redis unreachable: unknown, not zero.
			log.debug("Could not read the backlog of {} on {}", this.group, this.stream, ex);
		}
		return Backlog.UNKNOWN;
	}

	private static double number(Object value) {
		// A trimmed stream can leave Redis unable to compute the lag: it answers nil.
		return (value instanceof Number number) ? number.doubleValue() : Double.NaN;
	}

	/**
	 * A consumer group's backlog.
	 *
	 * @param lag entries not yet delivered to the group
	 * @param pending entries delivered and not yet acknowledged
	 */
	public record Backlog(double lag, double pending) {

		static final Backlog UNKNOWN = new Backlog(Double.NaN, Double.NaN);

	}

	/**
	 * Creates the group (and the stream) unless they exist: where the group durably got
	 * to if it had been here before (Redis lost it), else at {@code start-from}.
	 */
	void ensureGroup() {
		if (groupExists()) {
			this.groupReady = true;
			return;
		}
		EntryId durable = this.positions.find(this.stream, this.group);
		ReadOffset start = ReadOffset.from((durable != null) ? durable.toString() : this.settings.startFrom());
		boolean created = true;
		try {
			this.redis.execute((RedisCallback<String>) (connection) -> connection.streamCommands()
				.xGroupCreate(bytes(this.stream), this.group, start, true));
		}
		catch (RuntimeException ex) {
			if (!causeMentions(ex, "BUSYGROUP")) {
				throw ex;
			}
			created = false;
		}
		if (created && durable != null) {
			log.warn("Consumer group {} was missing on {} (Redis lost its data?); created again after {}, "
					+ "where it had durably got to", this.group, this.stream, durable);
			this.metrics.groupRecreated(this.stream, this.group);
		}
		this.recordedPosition = durable;
		this.groupReady = true;
	}

	private boolean groupExists() {
		try {
			for (XInfoGroup info : ops().groups(this.stream)) {
				if (this.group.equals(info.groupName())) {
					return true;
				}
			}
			return false;
		}
		catch (RuntimeException ex) {
			if (causeMentions(ex, "no such key")) {
				return false;
			}
			throw ex;
		}
	}

	private void recordPositionIfDue() {
		if (!this.progressed) {
			return;
		}
		Instant now = this.clock.instant();
		if (now.isBefore(this.nextPositionRecord)) {
			return;
		}
		this.nextPositionRecord = now.plus(this.settings.positionInterval());
		recordPosition();
	}

	/**
	 * Records the group's position: the entry before its oldest pending one, or else the
	 * last one delivered to it. Everything up to there has been handled and acknowledged
	 * by some instance of the group.
	 */
	void recordPosition() {
		if (!this.positions.enabled()) {
			this.progressed = false;
			return;
		}
		try {
			this.progressed = false;
			EntryId position = groupPosition();
			EntryId recorded = this.recordedPosition;
			if (position != null && (recorded == null || position.compareTo(recorded) > 0)) {
				this.positions.record(this.stream, this.group, position);
				this.recordedPosition = position;
			}
		}
		catch (RuntimeException ex) {
			this.progressed = true;
			logFailure("Could not record the position of " + this.group + " on " + this.stream, ex);
		}
	}

	private EntryId groupPosition() {
		for (XInfoGroup info : ops().groups(this.stream)) {
			if (this.group.equals(info.groupName())) {
				EntryId position = EntryId.parse(info.lastDeliveredId());
				if (info.pendingCount() != null && info.pendingCount() > 0) {
					PendingMessagesSummary pending = ops().pending(this.stream, this.group);
					if (pending != null && pending.getTotalPendingMessages() > 0) {
						EntryId beforeOldest = EntryId.parse(pending.minMessageId()).previous();
						position = (beforeOldest.compareTo(position) < 0) ? beforeOldest : position;
					}
				}
				return position;
			}
		}
		return null;
	}

	/** Reads and handles entries never delivered to this group. */
	int readNew() {
		List<MapRecord<String, Object, Object>> records = ops().read(Consumer.from(this.group, this.consumerName),
				StreamReadOptions.empty().count(this.settings.batchSize()),
				StreamOffset.create(this.stream, ReadOffset.lastConsumed()));
		if (records == null) {
			return 0;
		}
		for (MapRecord<String, Object, Object> record : records) {
			if (!isRunning()) {
				break;
			}
			Map<String, String> fields = new LinkedHashMap<>();
			record.getValue().forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
			deliver(record.getId().getValue(), fields, 1);
		}
		return records.size();
	}

	/**
	 * Takes over entries pending longer than {@code claim-idle} anywhere in the group
	 * (failed attempts, crashed instances) and handles them again.
	 * @return how many entries were claimed
	 */
	int claimStale() {
		int claimed = 0;
		String cursor = "0-0";
		do {
			ClaimedMessages<byte[], byte[]> batch = autoClaim(cursor);
			for (StreamMessage<byte[], byte[]> message : batch.getMessages()) {
				claimed++;
				if (message.getBody() == null || message.getBody().isEmpty()) {
					// Trimmed away while pending: nothing left to handle.
					acknowledge(message.getId());
					continue;
				}
				Map<String, String> fields = new LinkedHashMap<>();
				message.getBody()
					.forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8),
							new String(v, StandardCharsets.UTF_8)));
				long deliveries = deliveryCount(message.getId());
				if (deliveries > this.settings.maxDeliveries()) {
					deadLetter(message.getId(), fields, deliveries);
				}
				else {
					deliver(message.getId(), fields, deliveries);
				}
			}
			cursor = batch.getId();
		}
		while (isRunning() && cursor != null && !"0-0".equals(cursor));
		return claimed;
	}

	private void deliver(String entryId, Map<String, String> fields, long deliveryCount) {
		ReceivedEvent event = new ReceivedEvent(this.stream, entryId, fields.get(StreamFields.EVENT_ID),
				fields.get(StreamFields.TYPE), fields.get(StreamFields.PAYLOAD), deliveryCount);
		try {
			this.handler.handle(event);
		}
		catch (Exception ex) {
			// Not acknowledged: the entry stays pending and is claimed again after
			// claim-idle.
			log.warn("Handling {} {} (entry {}, attempt {}) in group {} failed: {}", event.type(), event.eventId(),
					entryId, deliveryCount, this.group, ex.toString(), ex);
			this.metrics.outcome(this.stream, this.group, "failed");
			return;
		}
		acknowledge(entryId);
		this.metrics.outcome(this.stream, this.group, "handled");
	}

	private void deadLetter(String entryId, Map<String, String> fields, long deliveries) {
		Map<String, String> copy = new LinkedHashMap<>(fields);
		copy.put("group", this.group);
		copy.put("entryId", entryId);
		copy.put("deliveries", Long.toString(deliveries));
		this.redis.opsForStream().add(StreamRecords.string(copy).withStreamKey(this.stream + ":dead-letter"));
		acknowledge(entryId);
		this.metrics.outcome(this.stream, this.group, "dead_lettered");
		log.error("Gave up on {} {} (entry {}) in group {} after {} deliveries; copied to {}:dead-letter",
				fields.get(StreamFields.TYPE), fields.get(StreamFields.EVENT_ID), entryId, this.group, deliveries - 1,
				this.stream);
	}

	private void acknowledge(String entryId) {
		Long acknowledged = ops().acknowledge(this.stream, this.group, entryId);
		if ((acknowledged == null || acknowledged == 0) && !groupExists()) {
			// Redis lost the group while this entry was being handled (XACK of an unknown
			// group answers 0, not NOGROUP). The rest of the batch must not be handled
			// now: it comes again from where the group durably got to.
			throw new GroupLostException(this.group, this.stream);
		}
	}

	private long deliveryCount(String entryId) {
		PendingMessages pending = ops().pending(this.stream, this.group, Range.closed(entryId, entryId), 1);
		return pending.isEmpty() ? 1 : pending.get(0).getTotalDeliveryCount();
	}

	@SuppressWarnings("unchecked")
	private ClaimedMessages<byte[], byte[]> autoClaim(String cursor) {
		return this.redis.execute((RedisCallback<ClaimedMessages<byte[], byte[]>>) (connection) -> {
			// Spring Data Redis has no XAUTOCLAIM yet; Lettuce has.
			RedisStreamAsyncCommands<byte[], byte[]> commands = (RedisStreamAsyncCommands<byte[], byte[]>) nativeOf(
					connection);
			XAutoClaimArgs<byte[]> args = XAutoClaimArgs.Builder
				.xautoclaim(io.lettuce.core.Consumer.from(bytes(this.group), bytes(this.consumerName)),
						this.settings.claimIdle(), cursor)
				.count(this.settings.batchSize());
			try {
				return commands.xautoclaim(bytes(this.stream), args)
					.get(REDIS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while claiming", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new IllegalStateException("XAUTOCLAIM on " + this.stream + " failed: " + ex.getMessage(), ex);
			}
		});
	}

	private static Object nativeOf(RedisConnection connection) {
		Object nativeConnection = connection.getNativeConnection();
		if (!(nativeConnection instanceof RedisStreamAsyncCommands<?, ?>)) {
			throw new IllegalStateException("The events library needs the Lettuce Redis driver");
		}
		return nativeConnection;
	}

	/** Forgets consumers of crashed instances once they hold nothing and idled a day. */
	private void housekeeping(Instant now) {
		if (now.isBefore(this.nextHousekeeping)) {
			return;
		}
		this.nextHousekeeping = now.plus(Duration.ofHours(1));
		ops().consumers(this.stream, this.group).forEach((consumer) -> {
			if (consumer.pendingCount() == 0 && consumer.idleTime().compareTo(FORGET_IDLE_CONSUMERS_AFTER) > 0
					&& !consumer.consumerName().equals(this.consumerName)) {
				ops().deleteConsumer(this.stream, Consumer.from(this.group, consumer.consumerName()));
			}
		});
	}

	private void forgetSelfIfIdle() {
		try {
			PendingMessages mine = ops().pending(this.stream, Consumer.from(this.group, this.consumerName),
					Range.unbounded(), 1);
			if (mine.isEmpty()) {
				ops().deleteConsumer(this.stream, Consumer.from(this.group, this.consumerName));
			}
		}
		catch (RuntimeException ex) {
			log.debug("Could not remove consumer {} from {}", this.consumerName, this.group, ex);
		}
	}

	private StreamOperations<String, Object, Object> ops() {
		return this.redis.opsForStream();
	}

	private synchronized void logFailure(String message, RuntimeException ex) {
		Instant now = this.clock.instant();
		if (now.isAfter(this.lastFailureLog.plus(Duration.ofMinutes(1)))) {
			this.lastFailureLog = now;
			log.warn("{}: {}", message, ex.getMessage(), ex);
		}
	}

	private static final class GroupLostException extends IllegalStateException {

		GroupLostException(String group, String stream) {
			super("NOGROUP: consumer group " + group + " vanished from " + stream);
		}

	}

}
