package com.bowwow.common.geo;

/**
 * The location privacy rule: every distance, direction and circle membership shown about
 * another user is computed from that user's position snapped to the centre of a fixed
 * grid cell about {@value #CELL_METERS} m on a side. The grid is the same for everyone
 * and never moves, so asking again, from anywhere, with any number of accounts, always
 * yields the same centre: the best an observer can learn is the cell, and for a user at a
 * uniformly random spot in a square cell of side s the distance to its centre has a
 * median of about 0.40 s (here about 200 m) and a 10th percentile of about 0.18 s.
 *
 * <p>
 * Cells are latitude bands of equal height; each band is split into as many equal
 * longitude slices as fit {@value #CELL_METERS} m along its centre parallel (at least
 * one), so cells stay roughly square from the equator to the poles.
 */
public final class PrivacyGrid {

	/** Side of a cell, in metres. */
	public static final double CELL_METERS = 500;

	private static final int BANDS = (int) Math.round(Math.PI * GreatCircle.EARTH_RADIUS_METERS / CELL_METERS);

	private static final double BAND_DEGREES = 180.0 / BANDS;

	private PrivacyGrid() {
	}

	/** The centre of the cell the point lies in. */
	public static Coordinates snap(Coordinates point) {
		int band = Math.min(BANDS - 1, (int) Math.floor((point.latitude() + 90) / BAND_DEGREES));
		double centreLatitude = -90 + (band + 0.5) * BAND_DEGREES;
		double parallelMeters = 2 * Math.PI * GreatCircle.EARTH_RADIUS_METERS
				* Math.cos(Math.toRadians(centreLatitude));
		int slices = Math.max(1, (int) Math.floor(parallelMeters / CELL_METERS));
		double sliceDegrees = 360.0 / slices;
		int slice = Math.min(slices - 1, (int) Math.floor((point.longitude() + 180) / sliceDegrees));
		double centreLongitude = -180 + (slice + 0.5) * sliceDegrees;
		return Coordinates.of(centreLatitude, centreLongitude);
	}

	/**
	 * Distance between two users as the privacy rule lets one of them see it: from the
	 * viewer's own true position to the other's cell centre.
	 */
	public static double shownDistanceMeters(Coordinates viewer, Coordinates other) {
		return GreatCircle.distanceMeters(viewer, snap(other));
	}

	/** Direction from the viewer's true position towards the other's cell centre. */
	public static CompassDirection shownDirection(Coordinates viewer, Coordinates other) {
		return viewer.directionTo(snap(other));
	}

}
