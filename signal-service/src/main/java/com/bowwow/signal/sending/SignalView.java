package com.bowwow.signal.sending;

import com.bowwow.common.json.WholeNumbers;
import tools.jackson.databind.annotation.JsonSerialize;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

/**
 * A signal as its sender sees it: the (client) response of {@code POST /api/v1/signals}
 * and of responding.
 *
 * @param signalID the signal
 * @param senderID who sent it
 * @param sentAt when it left
 * @param maxDistance effective reach, in {@code unit}; a whole value is written as a JSON
 * integer (the iOS app decodes it as Swift {@code Int})
 * @param unit the sender's unit
 * @param status {@code active} or {@code expired}
 * @param expiresAt when it stops being active
 */
public record SignalView(UUID signalID, UserId senderID, Instant sentAt,
		@JsonSerialize(using = WholeNumbers.class) double maxDistance, DistanceUnit unit, String status,
		Instant expiresAt) {

}
