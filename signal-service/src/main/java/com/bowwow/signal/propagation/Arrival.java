package com.bowwow.signal.propagation;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;

/**
 * The moment a wave reaches one receiver, planned when the wave starts.
 *
 * @param signalId the wave
 * @param receiverId who it reaches
 * @param dueAt {@code sentAt + distance / speed}
 * @param distanceMeters distance between receiver and origin
 * @param direction from the receiver towards the origin
 */
public record Arrival(UUID signalId, UserId receiverId, Instant dueAt, double distanceMeters,
		CompassDirection direction) {

}
