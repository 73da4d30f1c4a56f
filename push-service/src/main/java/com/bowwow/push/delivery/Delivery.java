package com.bowwow.push.delivery;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;

/**
 * One row of {@code deliveries}.
 *
 * @param id the delivery's own ID
 * @param signalId the signal (null for a test push)
 * @param receiverId who is notified
 * @param kind {@code signal}, {@code response} or {@code test}
 * @param senderId who sent the signal (null for a test push)
 * @param distanceMeters distance from the receiver to the origin
 * @param direction from the receiver towards the origin
 * @param expiresAt after this, pushing is pointless
 * @param status where it stands
 * @param reason why it was skipped, rejected or dead-lettered
 * @param attempts attempts made since it was queued (or replayed)
 * @param nextAttemptAt for a pending row: when it may be attempted (again)
 * @param lastError the last transient failure
 * @param deviceToken the token the last attempt used
 * @param unit the unit the message was written in
 * @param apnsId APNs' ID of the accepted push
 * @param replays how often an operator replayed it
 * @param createdAt when it was queued
 * @param updatedAt last change
 * @param completedAt when it reached its final status
 */
public record Delivery(UUID id, UUID signalId, UserId receiverId, SignalKind kind, UserId senderId,
		Double distanceMeters, CompassDirection direction, Instant expiresAt, DeliveryStatus status, String reason,
		int attempts, Instant nextAttemptAt, String lastError, String deviceToken, String unit, UUID apnsId,
		int replays, Instant createdAt, Instant updatedAt, Instant completedAt) {

	public boolean isTest() {
		return this.kind == SignalKind.TEST;
	}

}
