package com.bowwow.common.geo;

/**
 * A point on the WGS-84 globe. Construction is the validation: an instance always holds a
 * finite latitude in [-90, 90] and longitude in [-180, 180].
 */
public record Coordinates(double latitude, double longitude) {

	public Coordinates {
		if (!Double.isFinite(latitude) || latitude < -90 || latitude > 90) {
			throw new IllegalArgumentException("latitude must be a finite number between -90 and 90");
		}
		if (!Double.isFinite(longitude) || longitude < -180 || longitude > 180) {
			throw new IllegalArgumentException("longitude must be a finite number between -180 and 180");
		}
	}

	public static Coordinates of(double latitude, double longitude) {
		return new Coordinates(latitude, longitude);
	}

	/** Great-circle distance to another point. */
	public Distance distanceTo(Coordinates other) {
		return GreatCircle.distance(this, other);
	}

	/** 8-point compass direction from this point towards another. */
	public CompassDirection directionTo(Coordinates other) {
		return CompassDirection.fromBearing(GreatCircle.initialBearing(this, other));
	}

}
