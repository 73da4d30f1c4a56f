package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.id.UserId;

/**
 * The account is gone: every service deletes what it holds about the user (positions,
 * receipts, sessions, device tokens). The user's tokens are already refused everywhere.
 *
 * @param eventId unique event ID
 * @param userId the deleted user
 * @param occurredAt when the account was deleted
 */
public record UserDeleted(UUID eventId, UserId userId, Instant occurredAt) implements UserEvent {

	public UserDeleted {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserDeleted of(UserId userId, Instant occurredAt) {
		return new UserDeleted(UUID.randomUUID(), userId, occurredAt);
	}

}
