package com.bowwow.signal.propagation;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;

/**
 * A delivered arrival, stored exactly once per (signal, receiver).
 *
 * @param signalId the wave
 * @param receiverId who received it
 * @param senderId who sent it
 * @param kind a signal or a response
 * @param distanceMeters distance from the receiver to the origin
 * @param direction from the receiver towards the origin
 * @param dueAt when the wavefront reached the receiver
 * @param receivedAt when the delivery was recorded
 * @param expiresAt when the signal stops being active
 */
record Receipt(UUID signalId, UserId receiverId, UserId senderId, SignalKind kind, double distanceMeters,
		CompassDirection direction, Instant dueAt, Instant receivedAt, Instant expiresAt) {

}
