package com.bowwow.location.index;

import com.bowwow.common.geo.Coordinates;

/**
 * Redis's 52-bit GEO hash (a member's score, {@code GEOSEARCH … WITHHASH}) decoded as
 * Redis decodes it ({@code geohashDecode} and {@code geohashDecodeAreaToLongLat} in
 * Redis's {@code geohash.c}): the centre of the hash's cell, so the same coordinates
 * GEOPOS would give, without Redis formatting them as text.
 */
final class GeoHash {

	private static final int STEP = 26;

	private static final double LAT_MIN = -85.05112878;

	private static final double LAT_MAX = 85.05112878;

	private static final double LONG_MIN = -180;

	private static final double LONG_MAX = 180;

	private static final double CELLS = 1L << STEP;

	private GeoHash() {
	}

	static Coordinates decode(long hash) {
		// latitude in the even bits, longitude in the odd ones
		long latitudeCell = 0;
		long longitudeCell = 0;
		for (int i = 0; i < STEP; i++) {
			latitudeCell |= ((hash >>> (2 * i)) & 1L) << i;
			longitudeCell |= ((hash >>> (2 * i + 1)) & 1L) << i;
		}
		double latitudeScale = LAT_MAX - LAT_MIN;
		double longitudeScale = LONG_MAX - LONG_MIN;
		double latitude = ((LAT_MIN + (latitudeCell * 1.0 / CELLS) * latitudeScale)
				+ (LAT_MIN + ((latitudeCell + 1) * 1.0 / CELLS) * latitudeScale)) / 2;
		double longitude = ((LONG_MIN + (longitudeCell * 1.0 / CELLS) * longitudeScale)
				+ (LONG_MIN + ((longitudeCell + 1) * 1.0 / CELLS) * longitudeScale)) / 2;
		return Coordinates.of(Math.clamp(latitude, LAT_MIN, LAT_MAX), Math.clamp(longitude, LONG_MIN, LONG_MAX));
	}

}
