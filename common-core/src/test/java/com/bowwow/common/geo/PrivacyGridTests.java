package com.bowwow.common.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the location privacy grid, over many random points. */
class PrivacyGridTests {

	private static final int POINTS = 200_000;

	private static Coordinates randomPoint(SplittableRandom random, double maxAbsLatitude) {
		return Coordinates.of(random.nextDouble(-maxAbsLatitude, maxAbsLatitude), random.nextDouble(-180, 180));
	}

	@Test
	void snappingIsStableSoRepeatedAnswersCannotBeAveraged() {
		SplittableRandom random = new SplittableRandom(1);
		for (int i = 0; i < POINTS; i++) {
			Coordinates point = randomPoint(random, 90);
			Coordinates centre = PrivacyGrid.snap(point);
			assertThat(PrivacyGrid.snap(point)).isEqualTo(centre);
			assertThat(PrivacyGrid.snap(centre)).as("a centre lies in its own cell").isEqualTo(centre);
		}
	}

	@Test
	void nearbyPointsShareTheirCellAndNoPointIsFarFromItsCentre() {
		SplittableRandom random = new SplittableRandom(2);
		for (int i = 0; i < POINTS; i++) {
			Coordinates point = randomPoint(random, 89);
			Coordinates centre = PrivacyGrid.snap(point);
			// Half the diagonal of a 500 m square, plus slack for cells that are a little
			// wider than tall.
			assertThat(GreatCircle.distanceMeters(point, centre)).isLessThan(PrivacyGrid.CELL_METERS * 0.75);
		}
	}

	@Test
	void theMedianUserIsHiddenByAtLeast100Metres() {
		SplittableRandom random = new SplittableRandom(3);
		List<Double> errors = new ArrayList<>(POINTS);
		for (int i = 0; i < POINTS; i++) {
			Coordinates point = randomPoint(random, 85);
			errors.add(GreatCircle.distanceMeters(point, PrivacyGrid.snap(point)));
		}
		errors.sort(Double::compare);
		double median = errors.get(POINTS / 2);
		double tenth = errors.get(POINTS / 10);
		// Uniform in a 500 m square: median 0.40 s = 199 m, 10th percentile 0.18 s = 89
		// m.
		assertThat(median).isBetween(180.0, 220.0);
		assertThat(tenth).isBetween(75.0, 105.0);
	}

	@Test
	void cellsAreRoughlySquareAtEveryLatitude() {
		for (double latitude = -84; latitude <= 84; latitude += 7) {
			Coordinates centre = PrivacyGrid.snap(Coordinates.of(latitude, 10));
			// Step well past the cell's edge east and north: a different cell begins
			// within one cell side.
			double degreesPerMeterEast = 1 / (111_195 * Math.cos(Math.toRadians(centre.latitude())));
			Coordinates east = Coordinates.of(centre.latitude(), centre.longitude() + 510 * degreesPerMeterEast);
			Coordinates north = Coordinates.of(centre.latitude() + 510 / 111_195.0, centre.longitude());
			assertThat(PrivacyGrid.snap(east)).isNotEqualTo(centre);
			assertThat(PrivacyGrid.snap(north)).isNotEqualTo(centre);
			Coordinates nearEast = Coordinates.of(centre.latitude(), centre.longitude() + 200 * degreesPerMeterEast);
			assertThat(PrivacyGrid.snap(nearEast)).isEqualTo(centre);
		}
	}

	@ParameterizedTest
	@CsvSource({ "90,180", "-90,-180", "90,0", "-90,180", "0,180", "0,-180", "89.9999,179.9999", "85.06,45" })
	void edgesOfTheGlobeSnapToValidPoints(double latitude, double longitude) {
		Coordinates centre = PrivacyGrid.snap(Coordinates.of(latitude, longitude));
		assertThat(centre.latitude()).isBetween(-90.0, 90.0);
		assertThat(centre.longitude()).isBetween(-180.0, 180.0);
		assertThat(PrivacyGrid.snap(centre)).isEqualTo(centre);
	}

	@Test
	void shownDistanceAndDirectionAreMeasuredToTheCentre() {
		Coordinates viewer = Coordinates.of(37.7880, -122.4075);
		Coordinates other = Coordinates.of(37.8000, -122.4075);
		Coordinates centre = PrivacyGrid.snap(other);
		assertThat(PrivacyGrid.shownDistanceMeters(viewer, other))
			.isEqualTo(GreatCircle.distanceMeters(viewer, centre));
		assertThat(PrivacyGrid.shownDirection(viewer, other)).isEqualTo(CompassDirection.N);
	}

}
