package com.bowwow.push.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalKind;
import tools.jackson.databind.json.JsonMapper;

/**
 * What push-service publishes on the Redis Stream {@link #STREAM}, through its
 * transactional outbox: the final outcomes of requested pushes (a retry that is still
 * scheduled is not final), one event for each batch of attempts that ended together.
 * analytics-service counts them for the operator dashboard; consumers deduplicate on
 * {@code eventId}.
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
	 * The final outcomes a batch of attempts reached together: one event per batch (the
	 * pushes of one {@code ArrivalsDelivered}, one retry round), so that a wave of
	 * thousands costs its consumers a few events rather than one per receiver.
	 *
	 * @param eventId unique event ID
	 * @param outcomes each push's outcome, at least one
	 */
	public record PushesFinished(UUID eventId, List<PushOutcome> outcomes) implements PushEvent {

		public PushesFinished {
			outcomes = List.copyOf(outcomes);
		}

	}

	/**
	 * The final outcome of one push.
	 *
	 * @param signalId the signal the push was about (null for a test push)
	 * @param receiverId who the push was for
	 * @param kind what the push was about
	 * @param outcome how it ended
	 * @param reason APNs rejection reason, skip reason or last error; null when sent
	 * @param attempts how many times APNs was called
	 * @param occurredAt when the outcome was reached
	 */
	public record PushOutcome(UUID signalId, UserId receiverId, SignalKind kind, Outcome outcome, String reason,
			int attempts, Instant occurredAt) {
	}

}
