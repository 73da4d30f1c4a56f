package com.bowwow.signal.reading;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

/**
 * One entry of {@code GET /api/v1/signals/sent/{userID}}.
 *
 * @param signalID the signal
 * @param senderID the reader
 * @param sentAt when it left
 * @param maxDistance its reach, in the reader's unit
 * @param unit the reader's unit
 * @param status {@code active} or {@code expired}
 * @param expiresAt when it stops being active
 * @param kind {@code signal} or {@code response}
 * @param receivedCount how many people it reached; 0 until the front has passed everyone
 * it may reach (location privacy: see {@link SignalHistory#sent})
 * @param responseCount how many of them answered
 */
record SentSignal(UUID signalID, UserId senderID, Instant sentAt, double maxDistance, DistanceUnit unit, String status,
		Instant expiresAt, SignalKind kind, long receivedCount, long responseCount) {

}
