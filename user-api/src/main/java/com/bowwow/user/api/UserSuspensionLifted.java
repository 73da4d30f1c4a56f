package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.id.UserId;

/**
 * A suspension ended (lifted by an operator or run out): everything is restored.
 *
 * @param eventId unique event ID
 * @param userId the user
 * @param occurredAt when
 */
public record UserSuspensionLifted(UUID eventId, UserId userId, Instant occurredAt) implements UserEvent {

	public UserSuspensionLifted {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserSuspensionLifted of(UserId userId, Instant occurredAt) {
		return new UserSuspensionLifted(UUID.randomUUID(), userId, occurredAt);
	}

}
