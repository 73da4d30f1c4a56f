package com.bowwow.location.api;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.id.UserId;
import tools.jackson.databind.json.JsonMapper;

/**
 * What location-service publishes on the Redis Stream {@link #STREAM}, through its
 * transactional outbox. Positions themselves never leave location-service: analytics only
 * learns that a user was active, and how busy the live stream is.
 */
public final class LocationEvents {

	/** The stream location-service publishes to. */
	public static final String STREAM = "bowwow:events:location";

	/** The stream's descriptor: its producer, key, event types and consumer groups. */
	public static final EventStream<LocationEvent> DESCRIPTOR = EventStream.of("location-service", STREAM,
			LocationEvent.class, "analytics-service");

	private LocationEvents() {
	}

	/** Reads an entry's payload, or empty for a type this version does not know. */
	public static Optional<LocationEvent> read(JsonMapper json, String type, String payload) {
		return DESCRIPTOR.read(json, type, payload);
	}

	/**
	 * A user reported a position. Published at most once per user per
	 * {@code bowwow.location.activity-interval} (5 minutes by default), not for every
	 * update: activity is all analytics needs, and the update path stays fast.
	 *
	 * @param eventId unique event ID
	 * @param userId who reported
	 * @param reportedAt the position's timestamp as the phone stated it (clamped to the
	 * time it arrived)
	 */
	public record LocationReported(UUID eventId, UserId userId, Instant reportedAt) implements LocationEvent {
	}

	/**
	 * One location-service instance's live stream, sampled every minute.
	 *
	 * @param eventId unique event ID
	 * @param instanceId the instance (stable for its lifetime)
	 * @param connections WebSocket connections open now
	 * @param droppedMessages messages dropped for slow clients since the instance started
	 * @param sampledAt when
	 */
	public record StreamConnectionsSampled(UUID eventId, String instanceId, int connections, long droppedMessages,
			Instant sampledAt) implements LocationEvent {
	}

}
