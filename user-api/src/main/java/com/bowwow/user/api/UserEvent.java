package com.bowwow.user.api;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.common.id.UserId;

/** Something that happened to a user account. */
public sealed interface UserEvent permits UserRegistered, UserSettingsChanged, UserDeleted, UserBlocked, UserUnblocked,
		UserSuspended, UserSuspensionLifted, ReportFiled {

	/** Unique per event, the same on every redelivery. */
	UUID eventId();

	UserId userId();

	Instant occurredAt();

	/** The {@code type} field of the stream entry. */
	default String type() {
		return getClass().getSimpleName();
	}

}
