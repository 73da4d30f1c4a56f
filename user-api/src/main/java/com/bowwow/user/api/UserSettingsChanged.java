package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The user's settings after a change (the whole settings, not a diff, so applying it
 * twice or late is harmless). Going offline must take effect at once: stop listing,
 * streaming and signalling the user.
 *
 * @param eventId unique event ID
 * @param userId the user
 * @param distanceUnit the unit the user now reads distances in
 * @param isOffline whether the user is now invisible
 * @param occurredAt when the change was made
 * @param language the language the user now reads; null in events written before the
 * field existed (read it through {@link #effectiveLanguage()})
 */
public record UserSettingsChanged(UUID eventId, UserId userId, DistanceUnit distanceUnit,
		@JsonProperty("isOffline") boolean isOffline, Instant occurredAt, Language language) implements UserEvent {

	@JsonCreator
	public UserSettingsChanged {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(distanceUnit, "distanceUnit");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserSettingsChanged of(UserId userId, DistanceUnit distanceUnit, boolean isOffline,
			Instant occurredAt) {
		return new UserSettingsChanged(UUID.randomUUID(), userId, distanceUnit, isOffline, occurredAt, null);
	}

	/** The shape before {@code language}: events of users who never chose one. */
	public UserSettingsChanged(UUID eventId, UserId userId, DistanceUnit distanceUnit, boolean isOffline,
			Instant occurredAt) {
		this(eventId, userId, distanceUnit, isOffline, occurredAt, null);
	}

	public static UserSettingsChanged of(UserId userId, DistanceUnit distanceUnit, boolean isOffline, Language language,
			Instant occurredAt) {
		return new UserSettingsChanged(UUID.randomUUID(), userId, distanceUnit, isOffline, occurredAt, language);
	}

	/** {@link #language()}, with an older event's missing value read as {@code en}. */
	public Language effectiveLanguage() {
		return Language.orDefault(this.language);
	}

}
