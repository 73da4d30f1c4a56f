package com.bowwow.location.api;

import java.time.Instant;

import com.bowwow.common.geo.DistanceUnit;

/**
 * Answer of {@code GET /internal/export/{userID}}: what location-service holds about one
 * user, for user-service's export of the caller's own data. The position is the user's
 * own exact position, decrypted: only the user themself is ever shown it.
 *
 * @param position the newest stored position within the 24 h retention, or null
 * @param settings the user's settings as location-service projects them (the defaults
 * when no event about them has arrived)
 */
public record LocationExport(Position position, Settings settings) {

	public static final String PATH = "/internal/export/{userID}";

	/**
	 * @param latitude the stored latitude
	 * @param longitude the stored longitude
	 * @param reportedAt when the phone took it
	 */
	public record Position(double latitude, double longitude, Instant reportedAt) {
	}

	/**
	 * @param distanceUnit the unit distances are shown in
	 * @param isOffline whether the user is in offline mode
	 */
	public record Settings(DistanceUnit distanceUnit, boolean isOffline) {
	}

}
