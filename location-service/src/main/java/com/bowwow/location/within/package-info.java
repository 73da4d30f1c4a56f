/**
 * Internal queries of signal-service (under {@code /internal/**}: unauthenticated, never
 * routed by the gateway, reachable only inside the VPC).
 * <p>
 * {@code GET /internal/locations/positions?userID=…&userID=…} →
 * {@link com.bowwow.location.api.UserPositions}: the live positions of up to 100 named
 * users (offline and suspended users and users without a live position are absent).
 * <p>
 * Who a wave can reach:
 * {@code GET /internal/locations/within?latitude=&longitude=&radiusMeters=[&limit=][&excludeUserID=]}
 * → {@link com.bowwow.location.api.UsersWithin} (shape and limits documented there).
 * Users within the radius of the point with their current coordinates, nearest first,
 * live (reported in the last 24 h) and visible (not offline, not suspended) only. These
 * are TRUE positions (a wave travels to where people are); blocks between the sender and
 * the receivers are for signal-service to apply.
 */
package com.bowwow.location.within;
