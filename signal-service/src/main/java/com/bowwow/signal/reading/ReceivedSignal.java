package com.bowwow.signal.reading;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

/**
 * One entry of {@code GET /api/v1/signals/received/{userID}} (client shape).
 *
 * @param id this receipt, unique and stable (the client decodes it and fails without it)
 * @param signalID the signal
 * @param senderID who sent it
 * @param distance from the reader to where it was sent, in the reader's unit
 * @param unit the reader's unit
 * @param direction from the reader towards the origin
 * @param receivedAt when the wave reached the reader
 * @param status {@code active} or {@code expired}
 * @param kind {@code signal} or {@code response}
 * @param responded whether the reader has answered it
 */
record ReceivedSignal(UUID id, UUID signalID, UserId senderID, double distance, DistanceUnit unit,
		CompassDirection direction, Instant receivedAt, String status, SignalKind kind, boolean responded) {

}
