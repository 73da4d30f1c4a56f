package com.bowwow.common.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * Spherical-earth geodesy. The haversine form stays accurate at the short distances
 * BowWow works with (a few metres to 16 km), where the law of cosines loses precision;
 * the spherical model's error against the ellipsoid (under 0.5 %) is far below what a
 * phone's GPS fix can tell apart.
 */
public final class GreatCircle {

	/** IUGG mean earth radius. */
	public static final double EARTH_RADIUS_METERS = 6_371_008.8;

	private GreatCircle() {
	}

	public static Distance distance(Coordinates from, Coordinates to) {
		return Distance.ofMeters(distanceMeters(from, to));
	}

	public static double distanceMeters(Coordinates from, Coordinates to) {
		double phi1 = Math.toRadians(from.latitude());
		double phi2 = Math.toRadians(to.latitude());
		double dPhi = phi2 - phi1;
		double dLambda = Math.toRadians(to.longitude() - from.longitude());
		double h = sin2(dPhi / 2) + Math.cos(phi1) * Math.cos(phi2) * sin2(dLambda / 2);
		return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
	}

	/**
	 * Initial bearing in degrees clockwise from true north, in [0, 360). For identical
	 * points the bearing is undefined; 0 (north) is returned.
	 */
	public static double initialBearing(Coordinates from, Coordinates to) {
		double phi1 = Math.toRadians(from.latitude());
		double phi2 = Math.toRadians(to.latitude());
		double dLambda = Math.toRadians(to.longitude() - from.longitude());
		double y = Math.sin(dLambda) * Math.cos(phi2);
		double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda);
		if (x == 0 && y == 0) {
			return 0;
		}
		double degrees = Math.toDegrees(Math.atan2(y, x));
		return (degrees + 360) % 360;
	}

	/**
	 * The point {@code meters} away from {@code from} along the initial bearing
	 * {@code bearingDegrees} (clockwise from true north).
	 */
	public static Coordinates destination(Coordinates from, double meters, double bearingDegrees) {
		double delta = meters / EARTH_RADIUS_METERS;
		double theta = Math.toRadians(bearingDegrees);
		double phi1 = Math.toRadians(from.latitude());
		double phi2 = Math.asin(Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta));
		double lambda = Math.toRadians(from.longitude()) + Math.atan2(
				Math.sin(theta) * Math.sin(delta) * Math.cos(phi1), Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2));
		double longitude = ((Math.toDegrees(lambda) + 540) % 360) - 180;
		return Coordinates.of(Math.toDegrees(phi2), longitude);
	}

	/**
	 * {@code count} points spread evenly around {@code centre} (the golden angle apart),
	 * each a little farther than the one before, the last {@code radiusMeters} away:
	 * made-up people for warming a service's paths.
	 */
	public static List<Coordinates> spreadAround(Coordinates centre, int count, double radiusMeters) {
		List<Coordinates> points = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			points.add(destination(centre, radiusMeters * (i + 1) / count, (i * 137.5) % 360));
		}
		return points;
	}

	private static double sin2(double angle) {
		double s = Math.sin(angle);
		return s * s;
	}

}
