package com.bowwow.user.api;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.events.StreamEvent;
import com.bowwow.common.id.UserId;

/**
 * Something that happened to a user account: the events of {@link UserEvents#DESCRIPTOR}.
 */
public sealed interface UserEvent extends StreamEvent permits UserRegistered, UserSettingsChanged, UserDeleted,
		UserBlocked, UserUnblocked, UserSuspended, UserSuspensionLifted, ReportFiled {

	/** Unique per event, the same on every redelivery. */
	@Override
	UUID eventId();

	UserId userId();

	Instant occurredAt();

	@Override
	default EventStream<UserEvent> stream() {
		return UserEvents.DESCRIPTOR;
	}

}
