package com.bowwow.user.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.bowwow.common.id.UserId;

/**
 * A user reported another (the report also blocked them; a {@link UserBlocked} travels
 * too). Carries no free text: the note stays in user-service for operators.
 *
 * @param eventId unique event ID
 * @param userId who reported
 * @param reportId the report
 * @param reportedUserId who was reported
 * @param reason why
 * @param occurredAt when
 */
public record ReportFiled(UUID eventId, UserId userId, UUID reportId, UserId reportedUserId, ReportReason reason,
		Instant occurredAt) implements UserEvent {

	public ReportFiled {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(reportId, "reportId");
		Objects.requireNonNull(reportedUserId, "reportedUserId");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(occurredAt, "occurredAt");
	}

	public static ReportFiled of(UserId userId, UUID reportId, UserId reportedUserId, ReportReason reason,
			Instant occurredAt) {
		return new ReportFiled(UUID.randomUUID(), userId, reportId, reportedUserId, reason, occurredAt);
	}

}
