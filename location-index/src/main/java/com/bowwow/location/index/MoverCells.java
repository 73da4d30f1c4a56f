package com.bowwow.location.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;

/**
 * The grid of the recent-movers sets: rows 0.1° of latitude high, each cut into as many
 * columns as make a cell about as wide as it is high on the ground (fewer towards the
 * poles), so every cell is about 11 km across and a disc of the largest reach a wave has
 * (about 20 km) touches a few dozen cells at most, wherever it lies.
 */
public final class MoverCells {

	static final double ROW_DEGREES = 0.1;

	static final int ROWS = (int) Math.round(180 / ROW_DEGREES);

	/** Covers the few decimetres GEO's encoding moves a point. */
	private static final double MARGIN_METERS = 10;

	private MoverCells() {
	}

	/** The cell a position lies in, as a key suffix {@code row:column}. */
	public static String of(Coordinates position) {
		int row = row(position.latitude());
		return row + ":" + column(row, position.longitude());
	}

	/**
	 * Every cell that holds a point within {@code radiusMeters} of {@code center} (and a
	 * few that do not), each once.
	 */
	public static List<String> covering(Coordinates center, double radiusMeters) {
		double angle = (radiusMeters + MARGIN_METERS) / GreatCircle.EARTH_RADIUS_METERS;
		double latitudeSpan = Math.toDegrees(angle);
		double north = center.latitude() + latitudeSpan;
		double south = center.latitude() - latitudeSpan;
		// The widest the disc gets in longitude; a disc around a pole spans them all.
		double ratio = Math.sin(angle) / Math.cos(Math.toRadians(center.latitude()));
		boolean everyLongitude = north >= 90 || south <= -90 || ratio >= 1;
		double longitudeSpan = everyLongitude ? 180 : Math.toDegrees(Math.asin(ratio));
		Set<String> cells = new LinkedHashSet<>();
		for (int row = row(Math.max(-90, south)); row <= row(Math.min(90, north)); row++) {
			int columns = columns(row);
			int west = (int) Math.floor((center.longitude() - longitudeSpan + 180) / 360 * columns);
			int east = (int) Math.floor((center.longitude() + longitudeSpan + 180) / 360 * columns);
			if (everyLongitude || east - west + 1 >= columns) {
				west = 0;
				east = columns - 1;
			}
			for (int column = west; column <= east; column++) {
				cells.add(row + ":" + Math.floorMod(column, columns));
			}
		}
		return new ArrayList<>(cells);
	}

	static int row(double latitude) {
		return Math.min(ROWS - 1, (int) Math.floor((latitude + 90) / ROW_DEGREES));
	}

	static int columns(int row) {
		double middle = -90 + (row + 0.5) * ROW_DEGREES;
		return Math.max(1, (int) Math.floor(360 / ROW_DEGREES * Math.cos(Math.toRadians(middle))));
	}

	static int column(int row, double longitude) {
		int columns = columns(row);
		return Math.floorMod((int) Math.floor((longitude + 180) / 360 * columns), columns);
	}

}
