package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A new account, with its initial settings.
 *
 * @param eventId unique event ID
 * @param userId the new user
 * @param distanceUnit the unit the user reads distances in
 * @param isOffline whether the user starts invisible
 * @param occurredAt when the account was created
 */
public record UserRegistered(UUID eventId, UserId userId, DistanceUnit distanceUnit,
		@JsonProperty("isOffline") boolean isOffline, Instant occurredAt) implements UserEvent {

	public UserRegistered {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(distanceUnit, "distanceUnit");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserRegistered of(UserId userId, DistanceUnit distanceUnit, boolean isOffline, Instant occurredAt) {
		return new UserRegistered(UUID.randomUUID(), userId, distanceUnit, isOffline, occurredAt);
	}

}
