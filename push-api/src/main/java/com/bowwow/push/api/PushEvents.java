package com.bowwow.push.api;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalKind;
import tools.jackson.databind.json.JsonMapper;

/**
 * What push-service publishes on the Redis Stream {@link #STREAM}, through its
 * transactional outbox: one event per final outcome of a requested push (a retry that is
 * still scheduled is not final). analytics-service counts them for the operator
 * dashboard; consumers deduplicate on {@code eventId}.
 */
public final class PushEvents {

	/** The stream push-service publishes to. */
	public static final String STREAM = "bowwow:events:push";

	/** The stream's descriptor: its producer, key, event types and consumer groups. */
	public static final EventStream<PushEvent> DESCRIPTOR = EventStream.of("push-service", STREAM, PushEvent.class,
			"analytics-service");

	private PushEvents() {
	}

	/** Reads an entry's payload, or empty for a type this version does not know. */
	public static Optional<PushEvent> read(JsonMapper json, String type, String payload) {
		return DESCRIPTOR.read(json, type, payload);
	}

	/** How a requested push ended. */
	public enum Outcome {

		/** APNs accepted it (or, in log mode, it was logged). */
		SENT,

		/**
		 * APNs refused it for good (the reason says why, e.g. {@code BadDeviceToken}).
		 */
		REJECTED,

		/** Transient failures until the retry limit: kept as a dead letter. */
		DEAD_LETTERED,

		/** Not sent on purpose: the receiver is offline, deleted or has a dead token. */
		SKIPPED

	}

	/**
	 * The final outcome of one push.
	 *
	 * @param eventId unique event ID
	 * @param signalId the signal the push was about (null for a test push)
	 * @param receiverId who the push was for
	 * @param kind what the push was about
	 * @param outcome how it ended
	 * @param reason APNs rejection reason, skip reason or last error; null when sent
	 * @param attempts how many times APNs was called
	 * @param occurredAt when the outcome was reached
	 */
	public record PushOutcome(UUID eventId, UUID signalId, UserId receiverId, SignalKind kind, Outcome outcome,
			String reason, int attempts, Instant occurredAt) implements PushEvent {
	}

}
