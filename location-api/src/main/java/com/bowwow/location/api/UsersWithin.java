package com.bowwow.location.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.bowwow.common.id.UserId;

/**
 * Answer of
 * {@code GET /internal/locations/within?latitude=&longitude=&radiusMeters=&limit=&excludeUserID=[&movedSinceEpochMilli=|&beyondMeters=]}:
 * users whose live position (reported in the last 24 h) lies within {@code radiusMeters}
 * (great-circle, at most {@link #MAX_RADIUS_METERS}) of the point, nearest first, never
 * offline or suspended users (true positions: waves travel to them; blocks between the
 * sender and receivers are the caller's to apply). {@code limit} defaults to
 * {@link #DEFAULT_LIMIT} and is at most {@link #MAX_LIMIT}; {@code truncated} is true
 * when more users are inside the radius than were returned (ask again with a smaller
 * radius or a larger limit). Bad parameters answer a 400 problem.
 * <p>
 * With {@code beyondMeters} (at least 0, less than the radius) only users farther than
 * that are returned: the next ring of an audience read nearest first, without reading the
 * rings before it again. The boundary is measured a little generously (a user at exactly
 * that distance by {@code distanceMeters} is still returned, see
 * {@code SpatialIndex#nearest}); pass a little less than the farthest distance already
 * read and drop those already held.
 * <p>
 * With {@code movedSince} (an instant, typically the {@code asOf} of an earlier answer)
 * only users whose position changed at or after it are returned: moved, back from offline
 * mode, or re-indexed. That is how a travelling wave looks for newcomers without reading
 * its whole disc again. When {@code movedSince} lies further back than location-service
 * remembers movers ({@link #MOVERS_REMEMBERED}), the answer is the full one: never fewer
 * than asked, possibly more.
 *
 * @param users the users found, nearest first
 * @param truncated whether users beyond the last one returned exist inside the radius
 * @param asOfEpochMilli location-service's index clock when it looked (epoch
 * milliseconds): asking again with {@code movedSinceEpochMilli} set to it misses nobody
 * who moved after this answer was read; null from versions that do not tell
 */
public record UsersWithin(List<UserPosition> users, boolean truncated, Long asOfEpochMilli) {

	/**
	 * How far back {@code movedSinceEpochMilli} may lie and still be answered from the
	 * movers alone.
	 */
	public static final Duration MOVERS_REMEMBERED = java.time.Duration.ofSeconds(50);

	public static final String PATH = "/internal/locations/within";

	public static final int DEFAULT_LIMIT = 1_000;

	public static final int MAX_LIMIT = 10_000;

	/** A little over 16 km and 10 miles, the largest reach of either unit. */
	public static final double MAX_RADIUS_METERS = 20_000;

	/**
	 * One user's current position. Plaintext coordinates travel only inside the VPC and
	 * are never forwarded to clients.
	 *
	 * @param userID the user
	 * @param latitude current latitude
	 * @param longitude current longitude
	 * @param distanceMeters great-circle distance from the queried point
	 * @param reportedAt when the phone took this position
	 */
	public record UserPosition(UserId userID, double latitude, double longitude, double distanceMeters,
			Instant reportedAt) {

	}

}
