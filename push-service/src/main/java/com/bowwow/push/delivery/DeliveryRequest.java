package com.bowwow.push.delivery;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalEvents;

/**
 * A push someone asked for: an arrival, or a test push.
 *
 * @param signalId the signal (null for a test push)
 * @param receiverId who is notified
 * @param kind what the push is about
 * @param senderId who sent the signal (null for a test push)
 * @param distanceMeters distance from the receiver to the origin (null for a test push)
 * @param direction from the receiver towards the origin (null for a test push)
 * @param expiresAt after this, pushing is pointless
 */
public record DeliveryRequest(UUID signalId, UserId receiverId, SignalKind kind, UserId senderId, Double distanceMeters,
		CompassDirection direction, Instant expiresAt) {

	public static DeliveryRequest of(SignalEvents.Delivery arrival) {
		return new DeliveryRequest(arrival.signalId(), arrival.receiverId(), arrival.kind(), arrival.senderId(),
				arrival.distanceMeters(), arrival.direction(), arrival.expiresAt());
	}

	public static DeliveryRequest test(UserId receiver, Instant expiresAt) {
		return new DeliveryRequest(null, receiver, SignalKind.TEST, null, null, null, expiresAt);
	}

}
