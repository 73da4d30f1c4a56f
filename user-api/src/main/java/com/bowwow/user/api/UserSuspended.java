package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.id.UserId;

/**
 * An operator suspended a user: their tokens are refused (403 {@code ACCOUNT_SUSPENDED}),
 * they are invisible everywhere, and their travelling waves stop.
 *
 * @param eventId unique event ID
 * @param userId the suspended user
 * @param reason the operator's reason (free text, for the record)
 * @param until when the suspension ends by itself; null until lifted
 * @param occurredAt when
 */
public record UserSuspended(UUID eventId, UserId userId, String reason, Instant until,
		Instant occurredAt) implements UserEvent {

	public UserSuspended {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserSuspended of(UserId userId, String reason, Instant until, Instant occurredAt) {
		return new UserSuspended(UUID.randomUUID(), userId, reason, until, occurredAt);
	}

}
