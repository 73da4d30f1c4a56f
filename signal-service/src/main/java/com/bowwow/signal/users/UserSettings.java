package com.bowwow.signal.users;

import com.bowwow.common.geo.DistanceUnit;

/**
 * What signal-service needs to know about a user.
 *
 * @param distanceUnit the unit they read distances in
 * @param offline whether they are invisible (cannot send, receive nothing)
 */
public record UserSettings(DistanceUnit distanceUnit, boolean offline) {

	/**
	 * Assumed for a user whose registration event has not arrived yet (the contract's
	 * defaults).
	 */
	public static final UserSettings DEFAULTS = new UserSettings(DistanceUnit.MILE, false);

}
