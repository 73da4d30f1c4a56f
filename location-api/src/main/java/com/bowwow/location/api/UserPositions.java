package com.bowwow.location.api;

import java.time.Instant;
import java.util.List;

import com.bowwow.common.id.UserId;

/**
 * Answer of {@code GET /internal/locations/positions?userID=<id>&userID=<id>…}: the live
 * positions (reported in the last 24 h) of the named users, for service-to-service use
 * only. Users without a live position, offline and suspended users are simply absent. At
 * most {@link #MAX_USERS} IDs per request; more, or a malformed ID, answers a 400
 * problem.
 *
 * @param users the positions found
 */
public record UserPositions(List<Position> users) {

	public static final String PATH = "/internal/locations/positions";

	public static final int MAX_USERS = 100;

	/**
	 * @param userID the user
	 * @param latitude current latitude
	 * @param longitude current longitude
	 * @param reportedAt when the phone took this position
	 */
	public record Position(UserId userID, double latitude, double longitude, Instant reportedAt) {
	}

}
