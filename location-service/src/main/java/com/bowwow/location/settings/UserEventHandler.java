package com.bowwow.location.settings;

import java.time.Instant;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.UserEvent;

/**
 * What the consumer of user-service's event stream calls. Implementations are idempotent:
 * the stream delivers at least once.
 */
public interface UserEventHandler {

	/**
	 * {@code UserRegistered}, {@code UserSettingsChanged} and {@code UserDeleted}:
	 * applied to the shared user projection.
	 */
	void project(UserEvent event);

	/** Settings as {@code UserRegistered} and {@code UserSettingsChanged} carry them. */
	void settingsChanged(String eventId, UserId userId, DistanceUnit distanceUnit, boolean isOffline,
			Instant occurredAt);

	/** What {@code UserDeleted} does. */
	void userDeleted(String eventId, UserId userId, Instant occurredAt);

	/**
	 * {@code UserBlocked} (a report blocks too). The block itself is already in force
	 * through the safety read model; this is for what must happen once: telling open
	 * streams of both users.
	 */
	void usersSeparated(String eventId, UserId blocker, UserId blocked);

	/**
	 * {@code UserSuspended}: already invisible through the safety read model; open
	 * streams showing them must hear it, and their own streams close.
	 */
	void userSuspended(String eventId, UserId userId);

}
