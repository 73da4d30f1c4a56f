package com.bowwow.location.live;

import java.util.List;
import java.util.Random;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.location.index.MoverCells;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The movers sets are only as good as their grid: a newcomer check that skipped a cell
 * would never find who moved there.
 */
class MoverCellsTests {

	@Test
	void everyPointOfADiscLiesInACellCoveringIt() {
		Random random = new Random(20261205);
		int largest = 0;
		for (int disc = 0; disc < 4_000; disc++) {
			// a quarter near the poles, the date line or the equator, where grids break
			double latitude = switch (disc % 4) {
				case 0 -> (random.nextBoolean() ? 1 : -1) * (89 + random.nextDouble());
				case 1 -> random.nextDouble() * 2 - 1;
				default -> random.nextDouble() * 180 - 90;
			};
			double longitude = (disc % 8 == 3) ? (random.nextBoolean() ? 179.99 : -179.99)
					: random.nextDouble() * 360 - 180;
			Coordinates center = Coordinates.of(latitude, longitude);
			double radius = 1 + random.nextDouble() * 20_500;
			List<String> covering = MoverCells.covering(center, radius);
			largest = Math.max(largest, covering.size());
			assertThat(covering).doesNotHaveDuplicates();
			for (int point = 0; point < 50; point++) {
				// the edge of the disc is where a cell is most easily missed
				double meters = radius * ((point < 25) ? 1 : Math.sqrt(random.nextDouble()));
				Coordinates inside = destination(center, meters, random.nextDouble() * 360);
				assertThat(GreatCircle.distanceMeters(center, inside)).isLessThanOrEqualTo(radius + 0.01);
				assertThat(covering).as("%s is %.0f m from %s", inside, meters, center).contains(MoverCells.of(inside));
			}
		}
		assertThat(largest).as("cells a disc of the largest reach touches, anywhere").isLessThanOrEqualTo(150);
	}

	@Test
	void aSmallDiscAwayFromThePolesTouchesAFewCells() {
		assertThat(MoverCells.covering(Coordinates.of(48.8566, 2.3522), 16_100)).hasSizeLessThanOrEqualTo(25);
		assertThat(MoverCells.covering(Coordinates.of(48.8566, 2.3522), 100)).hasSizeLessThanOrEqualTo(4);
	}

	/** Where a great circle from {@code from} at {@code bearing} degrees ends. */
	private static Coordinates destination(Coordinates from, double meters, double bearing) {
		double angle = meters / GreatCircle.EARTH_RADIUS_METERS;
		double lat1 = Math.toRadians(from.latitude());
		double lon1 = Math.toRadians(from.longitude());
		double theta = Math.toRadians(bearing);
		double lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle) + Math.cos(lat1) * Math.sin(angle) * Math.cos(theta));
		double lon2 = lon1 + Math.atan2(Math.sin(theta) * Math.sin(angle) * Math.cos(lat1),
				Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
		double longitude = Math.toDegrees(lon2);
		longitude = ((longitude + 540) % 360) - 180;
		return Coordinates.of(Math.max(-90, Math.min(90, Math.toDegrees(lat2))), longitude);
	}

}
