/**
 * The internal query signal-service uses to find who a wave can reach:
 * {@code GET /internal/locations/within?latitude=&longitude=&radiusMeters=[&limit=][&excludeUserID=]}
 * → {@link com.bowwow.location.api.UsersWithin} (shape and limits documented there).
 * Users within the radius of the point with their current coordinates, nearest first,
 * live (reported in the last 24 h) and visible (not offline) only. Under
 * {@code /internal/**}: unauthenticated, never routed by the gateway, reachable only
 * inside the VPC.
 */
package com.bowwow.location.within;
