package com.bowwow.location.settings;

import com.bowwow.common.geo.DistanceUnit;

/** A user's settings as location-service needs them. */
public record UserSettings(DistanceUnit distanceUnit, boolean isOffline) {

	/**
	 * What a user has before any event about them arrived (the registration defaults).
	 */
	public static final UserSettings DEFAULTS = new UserSettings(DistanceUnit.MILE, false);

}
