package com.bowwow.signal.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import tools.jackson.databind.json.JsonMapper;

/**
 * What signal-service tells other services, on the Redis Stream {@link #STREAM}
 * (published through its transactional outbox, so an event exists exactly when its change
 * committed). Consumers deduplicate on {@code eventId}, and push-service additionally on
 * (signal, receiver, kind).
 */
public final class SignalEvents {

	/** The stream signal-service publishes to. */
	public static final String STREAM = "bowwow:events:signal";

	/** The stream's descriptor: its producer, key, event types and consumer groups. */
	public static final EventStream<SignalEvent> DESCRIPTOR = EventStream.of("signal-service", STREAM,
			SignalEvent.class, "push-service", "analytics-service");

	private SignalEvents() {
	}

	/** Reads an entry's payload, or empty for a type this version does not know. */
	public static Optional<SignalEvent> read(JsonMapper json, String type, String payload) {
		return DESCRIPTOR.read(json, type, payload);
	}

	/**
	 * A wave started: a signal, or a response to one.
	 *
	 * @param eventId unique event ID
	 * @param signalId the signal
	 * @param senderId who sent it
	 * @param kind {@link SignalKind#SIGNAL} or {@link SignalKind#RESPONSE}
	 * @param respondsTo for a response, the signal it answers
	 * @param sentAt when the wave left
	 * @param maxDistanceMeters its reach
	 * @param receiverCount how many arrivals were planned
	 */
	public record SignalSent(UUID eventId, UUID signalId, UserId senderId, SignalKind kind, UUID respondsTo,
			Instant sentAt, double maxDistanceMeters, int receiverCount) implements SignalEvent {
	}

	/**
	 * Arrivals recorded in one transaction (one event for many receipts keeps the
	 * delivery path fast). Each needs a push notification and counts for analytics.
	 *
	 * @param eventId unique event ID
	 * @param deliveries the receipts written
	 */
	public record ArrivalsDelivered(UUID eventId, List<Delivery> deliveries) implements SignalEvent {
	}

	/**
	 * One receipt.
	 *
	 * @param signalId the signal
	 * @param receiverId who received it
	 * @param senderId who sent it
	 * @param kind {@link SignalKind#SIGNAL} or {@link SignalKind#RESPONSE}
	 * @param distanceMeters distance from the receiver to the origin
	 * @param direction from the receiver towards the origin
	 * @param dueAt when the wavefront reached the receiver
	 * @param receivedAt when the receipt was recorded
	 * @param expiresAt when the signal stops being active (a push after this is
	 * pointless)
	 * @param latenessMillis {@code receivedAt - dueAt} in milliseconds, exact (timestamps
	 * travel in whole seconds); null in events of versions before it existed
	 */
	public record Delivery(UUID signalId, UserId receiverId, UserId senderId, SignalKind kind, double distanceMeters,
			CompassDirection direction, Instant dueAt, Instant receivedAt, Instant expiresAt, Long latenessMillis) {

		/** A receipt whose lateness is computed from its exact instants. */
		public Delivery(UUID signalId, UserId receiverId, UserId senderId, SignalKind kind, double distanceMeters,
				CompassDirection direction, Instant dueAt, Instant receivedAt, Instant expiresAt) {
			this(signalId, receiverId, senderId, kind, distanceMeters, direction, dueAt, receivedAt, expiresAt,
					Duration.between(dueAt, receivedAt).toMillis());
		}

		/**
		 * The exact lateness when the event carries it, else what its timestamps tell.
		 */
		public long latenessOrEstimateMillis() {
			return (this.latenessMillis != null) ? this.latenessMillis
					: Duration.between(this.dueAt, this.receivedAt).toMillis();
		}

	}

}
