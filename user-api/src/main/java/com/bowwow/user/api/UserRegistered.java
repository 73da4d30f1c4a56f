package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A new account, with its initial settings.
 *
 * @param eventId unique event ID
 * @param userId the new user
 * @param distanceUnit the unit the user reads distances in
 * @param isOffline whether the user starts invisible
 * @param occurredAt when the account was created
 * @param language the language the user starts with; null in events written before the
 * field existed (read it through {@link #effectiveLanguage()})
 */
public record UserRegistered(UUID eventId, UserId userId, DistanceUnit distanceUnit,
		@JsonProperty("isOffline") boolean isOffline, Instant occurredAt, Language language) implements UserEvent {

	@JsonCreator
	public UserRegistered {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(distanceUnit, "distanceUnit");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserRegistered of(UserId userId, DistanceUnit distanceUnit, boolean isOffline, Instant occurredAt) {
		return new UserRegistered(UUID.randomUUID(), userId, distanceUnit, isOffline, occurredAt, null);
	}

	/** The shape before {@code language}: events of users who never chose one. */
	public UserRegistered(UUID eventId, UserId userId, DistanceUnit distanceUnit, boolean isOffline,
			Instant occurredAt) {
		this(eventId, userId, distanceUnit, isOffline, occurredAt, null);
	}

	public static UserRegistered of(UserId userId, DistanceUnit distanceUnit, boolean isOffline, Language language,
			Instant occurredAt) {
		return new UserRegistered(UUID.randomUUID(), userId, distanceUnit, isOffline, occurredAt, language);
	}

	/** {@link #language()}, with an older event's missing value read as {@code en}. */
	public Language effectiveLanguage() {
		return Language.orDefault(this.language);
	}

}
