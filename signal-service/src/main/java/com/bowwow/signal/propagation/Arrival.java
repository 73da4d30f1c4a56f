package com.bowwow.signal.propagation;

import com.bowwow.signal.api.SignalKind;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;

/**
 * The moment a wave reaches one receiver, planned when the wave starts.
 *
 * @param signalId the wave
 * @param senderId who sent it (checked against blocks and suspensions at delivery)
 * @param receiverId who it reaches
 * @param dueAt {@code sentAt + distance / speed}
 * @param distanceMeters distance between the receiver's true position and the origin (the
 * sender's cell centre): what the receiver is shown
 * @param direction from the receiver towards the origin
 * @param cellDistanceMeters distance from the origin to the receiver's cell centre: all
 * the sender may ever learn of where the receiver stood (a response retraces it when
 * current positions are unknown)
 * @param cellDirection from the origin towards the receiver's cell centre
 * @param kind a signal or a response (what the receiver's stream is told)
 */
public record Arrival(UUID signalId, UserId senderId, UserId receiverId, Instant dueAt, double distanceMeters,
		CompassDirection direction, double cellDistanceMeters, CompassDirection cellDirection, SignalKind kind) {

}
