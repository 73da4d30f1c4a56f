package com.bowwow.user.projection;

import com.bowwow.common.geo.DistanceUnit;

/**
 * A user's settings as another service projects them.
 *
 * @param distanceUnit the unit they read distances in
 * @param isOffline whether they are invisible (cannot send, receive nothing, are listed
 * nowhere); a deleted user reads as offline
 */
public record UserSettings(DistanceUnit distanceUnit, boolean isOffline) {

	/**
	 * What a user has before any event about them arrived (the registration defaults).
	 */
	public static final UserSettings DEFAULTS = new UserSettings(DistanceUnit.MILE, false);

	/** What a deleted user reads as: invisible. */
	static final UserSettings DELETED = new UserSettings(DistanceUnit.MILE, true);

}
