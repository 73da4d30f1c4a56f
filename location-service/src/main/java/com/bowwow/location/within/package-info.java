/**
 * Internal queries of signal-service (under {@code /internal/**}: never routed by the
 * gateway, and open only to signal-service's service token, see
 * {@code bowwow.internal.access} in {@code application.yml} and
 * {@code com.bowwow.common.internal}).
 * <p>
 * {@code GET /internal/locations/positions?userID=…&userID=…} →
 * {@link com.bowwow.location.api.UserPositions}: the live positions of up to 100 named
 * users (offline and suspended users and users without a live position are absent).
 * <p>
 * Who a wave can reach:
 * {@code GET /internal/locations/within?latitude=&longitude=&radiusMeters=[&limit=][&excludeUserID=][&movedSinceEpochMilli=]}
 * → {@link com.bowwow.location.api.UsersWithin} (shape and limits documented there;
 * {@code movedSinceEpochMilli} narrows the answer to those who moved since, read from the
 * index's recent-movers sets). Users within the radius of the point with their current
 * coordinates, nearest first, live (reported in the last 24 h) and visible (not offline,
 * not suspended) only. These are TRUE positions (a wave travels to where people are);
 * blocks between the sender and the receivers are for signal-service to apply.
 */
package com.bowwow.location.within;
