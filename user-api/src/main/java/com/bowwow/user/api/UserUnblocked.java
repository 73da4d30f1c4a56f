package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.id.UserId;

/**
 * A block was lifted by the user who made it; the two may see and reach each other again
 * (unless another block or a suspension stands).
 *
 * @param eventId unique event ID
 * @param userId who had blocked
 * @param blockedUserId who was blocked
 * @param occurredAt when
 */
public record UserUnblocked(UUID eventId, UserId userId, UserId blockedUserId,
		Instant occurredAt) implements UserEvent {

	public UserUnblocked {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(blockedUserId, "blockedUserId");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserUnblocked of(UserId userId, UserId blockedUserId, Instant occurredAt) {
		return new UserUnblocked(UUID.randomUUID(), userId, blockedUserId, occurredAt);
	}

}
