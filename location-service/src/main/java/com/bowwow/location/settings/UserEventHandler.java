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

}
