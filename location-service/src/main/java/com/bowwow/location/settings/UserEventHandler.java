package com.bowwow.location.settings;

import java.time.Instant;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

/**
 * What the consumer of user-service's event stream calls, one method per event kind.
 * Implementations are idempotent: the stream delivers at least once.
 */
public interface UserEventHandler {

	/** {@code UserRegistered} and {@code UserSettingsChanged}. */
	void settingsChanged(String eventId, UserId userId, DistanceUnit distanceUnit, boolean isOffline,
			Instant occurredAt);

	/** {@code UserDeleted}. */
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
