/**
 * The spatial index of live positions in Redis: a GEO set for "who is near this point"
 * and a sorted set of last-seen times, because Redis GEO members cannot expire on their
 * own, plus a small hash for the polar caps beyond Redis GEO's ±85.05° (scanned by
 * great-circle distance and merged into every search that reaches them). Plain library
 * code (no Spring context), shared by location-service and the bench module so that the
 * benchmark measures exactly what the service runs.
 */
package com.bowwow.location.index;
