package com.bowwow.location.stream;

import java.time.Instant;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

/** Server messages of the stream (each carries {@code type} and {@code timestamp}). */
final class StreamMessages {

	private StreamMessages() {
	}

	/**
	 * {@code latitude}/{@code longitude}: the subscriber's own newest position, the
	 * centre of their circle (null while they have none).
	 */
	record SubscriptionConfirmed(String type, Instant timestamp, Double latitude, Double longitude, double radius,
			DistanceUnit unit) {

		SubscriptionConfirmed(Instant timestamp, Double latitude, Double longitude, double radius, DistanceUnit unit) {
			this("subscription_confirmed", timestamp, latitude, longitude, radius, unit);
		}

	}

	record Pong(String type, Instant timestamp) {

		Pong(Instant timestamp) {
			this("pong", timestamp);
		}

	}

	record Error(String type, Instant timestamp, String code, String message) {

		Error(Instant timestamp, String code, String message) {
			this("error", timestamp, code, message);
		}

	}

	record LocationUpdate(String type, Instant timestamp, UserId userID, double distance, DistanceUnit unit,
			CompassDirection direction, Instant lastSeen) {

		LocationUpdate(Instant timestamp, UserId userID, double distance, DistanceUnit unit, CompassDirection direction,
				Instant lastSeen) {
			this("location_update", timestamp, userID, distance, unit, direction, lastSeen);
		}

	}

	record LocationRemoved(String type, Instant timestamp, UserId userID) {

		LocationRemoved(Instant timestamp, UserId userID) {
			this("location_removed", timestamp, userID);
		}

	}

}
