package com.bowwow.bench.workload;

import java.util.Random;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;

/**
 * Where synthetic users stand: a dense core (a normal distribution of
 * {@code coreSigmaMeters}) holding {@code coreShare} of them, the rest spread much wider
 * ({@code edgeSigmaMeters}), so the same run has very dense and very sparse spots.
 *
 * @param center the middle of the metro area
 * @param coreShare share of users in the core
 * @param coreSigmaMeters spread of the core
 * @param edgeSigmaMeters spread of everyone else
 */
public record Metro(Coordinates center, double coreShare, double coreSigmaMeters, double edgeSigmaMeters) {

	/**
	 * Manhattan-like: 70 % within a few km of Midtown, the rest over the wider region.
	 */
	public static final Metro NEW_YORK = new Metro(Coordinates.of(40.758, -73.9855), 0.7, 4_000, 20_000);

	private static final double MILE = 1_609.344;

	public Coordinates place(Random random) {
		double sigma = (random.nextDouble() < this.coreShare) ? this.coreSigmaMeters : this.edgeSigmaMeters;
		return offset(this.center, random.nextGaussian() * sigma, random.nextGaussian() * sigma);
	}

	/**
	 * A town for the WebSocket users, far from the metro (about 130 km), so that a wave
	 * there reaches exactly the connected users: 60 % within 2 miles of the middle, the
	 * rest out to 9.5 miles (inside one 10-mile wave).
	 */
	public static Coordinates placeInTown(Coordinates town, Random random) {
		double miles = (random.nextDouble() < 0.6) ? 2 * Math.sqrt(random.nextDouble())
				: 2 + 7.5 * Math.sqrt(random.nextDouble());
		double bearing = random.nextDouble() * 2 * Math.PI;
		return offset(town, miles * MILE * Math.cos(bearing), miles * MILE * Math.sin(bearing));
	}

	public static Coordinates offset(Coordinates from, double northMeters, double eastMeters) {
		double latitude = from.latitude() + Math.toDegrees(northMeters / GreatCircle.EARTH_RADIUS_METERS);
		double longitude = from.longitude() + Math
			.toDegrees(eastMeters / (GreatCircle.EARTH_RADIUS_METERS * Math.cos(Math.toRadians(from.latitude()))));
		return Coordinates.of(Math.max(-85, Math.min(85, latitude)), longitude);
	}

}
