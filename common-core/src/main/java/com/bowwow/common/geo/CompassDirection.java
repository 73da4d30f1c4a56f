package com.bowwow.common.geo;

/** The 8-point compass, as the wire contract spells it. */
public enum CompassDirection {

	N, NE, E, SE, S, SW, W, NW;

	private static final CompassDirection[] VALUES = values();

	/** The point whose 45° sector contains the bearing (degrees clockwise from north). */
	public static CompassDirection fromBearing(double bearingDegrees) {
		if (!Double.isFinite(bearingDegrees)) {
			throw new IllegalArgumentException("bearing must be finite");
		}
		double normalised = ((bearingDegrees % 360) + 360) % 360;
		return VALUES[(int) Math.round(normalised / 45.0) % 8];
	}

}
