package com.bowwow.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.events.StreamFields;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoGroup;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * Publishes events the way the other services' outbox relays do (one stream entry with
 * eventId, type and payload) and waits until analytics-service's consumer group has
 * handled and acknowledged all of them.
 */
final class EventFeed {

	static final String GROUP = "analytics-service";

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final Map<String, RecordId> lastEntry = new LinkedHashMap<>();

	private final List<Map.Entry<String, Map<String, String>>> published = new ArrayList<>();

	EventFeed(StringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	/** Publishes an event. */
	EventFeed publish(String stream, UUID eventId, String type, Object payload) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(StreamFields.EVENT_ID, eventId.toString());
		fields.put(StreamFields.TYPE, type);
		fields.put(StreamFields.PAYLOAD, this.json.writeValueAsString(payload));
		return publish(stream, fields);
	}

	private EventFeed publish(String stream, Map<String, String> fields) {
		this.lastEntry.put(stream, this.redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(stream)));
		this.published.add(Map.entry(stream, fields));
		return this;
	}

	/** Publishes everything this feed published again, same event IDs and all. */
	void replayInto(EventFeed other) {
		this.published.forEach((entry) -> other.publish(entry.getKey(), entry.getValue()));
	}

	/** Waits until every stream published to was read and acknowledged by the group. */
	void awaitConsumed() {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.lastEntry.entrySet().stream().allMatch((entry) -> {
			XInfoGroup group = this.redis.opsForStream()
				.groups(entry.getKey())
				.stream()
				.filter((g) -> g.groupName().equals(GROUP))
				.findFirst()
				.orElse(null);
			return group != null && group.pendingCount() == 0
					&& entry.getValue().getValue().equals(group.lastDeliveredId());
		}));
	}

	/** Empties analytics-service's tables (the consumer groups stay). */
	static void clear(JdbcTemplate jdbc) {
		jdbc.execute(
				"truncate processed_event, users, user_activity, signals, deliveries, push_outcomes, stream_samples,"
						+ " reports, blocks, suspensions");
	}

}
