package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.id.UserId;

/**
 * A user blocked another. A block works both ways: from now on neither sees the other
 * (nearby, stream), and no signal or response of one reaches the other, including waves
 * already travelling. user-service has already updated the shared safety read model
 * ({@link com.bowwow.common.security.SafetyReads}) when this is published; consumers use
 * the event for what must happen once (e.g. {@code location_removed} on open streams).
 *
 * @param eventId unique event ID
 * @param userId who blocked
 * @param blockedUserId who is blocked
 * @param occurredAt when
 */
public record UserBlocked(UUID eventId, UserId userId, UserId blockedUserId, Instant occurredAt) implements UserEvent {

	public UserBlocked {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(blockedUserId, "blockedUserId");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static UserBlocked of(UserId userId, UserId blockedUserId, Instant occurredAt) {
		return new UserBlocked(UUID.randomUUID(), userId, blockedUserId, occurredAt);
	}

}
