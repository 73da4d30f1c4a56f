package com.bowwow.common.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class GeoTests {

	private static final Coordinates UNION_SQUARE = Coordinates.of(37.7880, -122.4075);

	@ParameterizedTest
	@CsvSource({ "90.0001,0", "-90.0001,0", "0,180.0001", "0,-180.0001", "NaN,0", "0,Infinity" })
	void coordinatesOutsideTheGlobeAreRefused(double latitude, double longitude) {
		assertThatIllegalArgumentException().isThrownBy(() -> Coordinates.of(latitude, longitude));
	}

	@Test
	void coordinatesOnTheEdgesAreAccepted() {
		assertThat(Coordinates.of(90, 180).latitude()).isEqualTo(90);
		assertThat(Coordinates.of(-90, -180).longitude()).isEqualTo(-180);
	}

	@Test
	void oneDegreeOfLatitudeIsAbout111Kilometres() {
		Distance d = GreatCircle.distance(Coordinates.of(0, 0), Coordinates.of(1, 0));
		assertThat(d.kilometers()).isCloseTo(111.195, within(0.01));
	}

	@Test
	void knownCityPairDistance() {
		// San Francisco to Los Angeles, haversine with the mean radius: 559.1 km
		Coordinates sf = Coordinates.of(37.7749, -122.4194);
		Coordinates la = Coordinates.of(34.0522, -118.2437);
		assertThat(sf.distanceTo(la).kilometers()).isCloseTo(559.1, within(0.5));
		assertThat(sf.distanceTo(la).kilometers()).isCloseTo(la.distanceTo(sf).kilometers(), within(1e-9));
	}

	@Test
	void shortDistancesStayAccurate() {
		// 0.001 degree of latitude is 111.2 m anywhere
		Coordinates north = Coordinates.of(UNION_SQUARE.latitude() + 0.001, UNION_SQUARE.longitude());
		assertThat(UNION_SQUARE.distanceTo(north).meters()).isCloseTo(111.19, within(0.05));
		assertThat(UNION_SQUARE.distanceTo(UNION_SQUARE).meters()).isZero();
	}

	@ParameterizedTest
	@CsvSource({ "1,0,N", "1,1,NE", "0,1,E", "-1,1,SE", "-1,0,S", "-1,-1,SW", "0,-1,W", "1,-1,NW" })
	void directionTowardsNeighbours(double dLat, double dLon, CompassDirection expected) {
		Coordinates origin = Coordinates.of(0, 0);
		Coordinates other = Coordinates.of(dLat * 0.01, dLon * 0.01);
		assertThat(origin.directionTo(other)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "0,N", "22.4,N", "22.6,NE", "67.4,NE", "67.6,E", "180,S", "337.4,NW", "337.6,N", "359.9,N", "-45,NW",
			"720,N" })
	void bearingsMapToTheNearestPoint(double bearing, CompassDirection expected) {
		assertThat(CompassDirection.fromBearing(bearing)).isEqualTo(expected);
	}

	@Test
	void bearingAcrossTheAntimeridianPointsTheShortWay() {
		double bearing = GreatCircle.initialBearing(Coordinates.of(0, 179.99), Coordinates.of(0, -179.99));
		assertThat(bearing).isCloseTo(90, within(0.01));
	}

	@ParameterizedTest
	@CsvSource({ "51.5, -0.12, 4800, 0", "51.5, -0.12, 16000, 137.5", "-33.9, 151.2, 2500, 275", "0, 179.999, 3000, 90",
			"84.9, 10, 1000, 180" })
	void aDestinationLiesAtItsDistanceAndBearing(double latitude, double longitude, double meters, double bearing) {
		Coordinates from = Coordinates.of(latitude, longitude);
		Coordinates to = GreatCircle.destination(from, meters, bearing);
		assertThat(GreatCircle.distanceMeters(from, to)).isCloseTo(meters, within(1e-6 * meters));
		double turn = GreatCircle.initialBearing(from, to) - bearing;
		assertThat(((turn % 360) + 540) % 360 - 180).as("bearing, either side of north").isCloseTo(0, within(1e-6));
		assertThat(to.longitude()).isBetween(-180.0, 180.0);
	}

	@Test
	void pointsSpreadAroundGrowFartherToTheRadius() {
		Coordinates centre = Coordinates.of(0.5, -25.5);
		java.util.List<Coordinates> points = GreatCircle.spreadAround(centre, 500, 4_800);
		assertThat(points).hasSize(500).doesNotHaveDuplicates();
		assertThat(points).extracting((point) -> GreatCircle.distanceMeters(centre, point))
			.isSorted()
			.last()
			.satisfies((meters) -> assertThat(meters).isCloseTo(4_800, within(0.01)));
		assertThat(points)
			.extracting((point) -> CompassDirection.fromBearing(GreatCircle.initialBearing(centre, point)))
			.as("every direction")
			.containsAll(java.util.List.of(CompassDirection.values()));
	}

	@Test
	void distanceConvertsBetweenUnitsExactly() {
		Distance tenMiles = Distance.ofMiles(10);
		assertThat(tenMiles.to(DistanceUnit.KILOMETER).value()).isCloseTo(16.09344, within(1e-9));
		assertThat(tenMiles.to(DistanceUnit.KILOMETER).to(DistanceUnit.MILE).value()).isCloseTo(10, within(1e-12));
		assertThat(Distance.ofMeters(1609.344).miles()).isCloseTo(1, within(1e-12));
	}

	@Test
	void unitMaximumsAreTenMilesAndSixteenKilometres() {
		assertThat(DistanceUnit.MILE.maximum()).isEqualTo(Distance.ofMiles(10));
		assertThat(DistanceUnit.KILOMETER.maximum()).isEqualTo(Distance.ofKilometers(16));
		assertThat(Distance.ofMiles(25).clampedToUnitMaximum()).isEqualTo(Distance.ofMiles(10));
		assertThat(Distance.ofKilometers(16.5).clampedToUnitMaximum()).isEqualTo(Distance.ofKilometers(16));
		assertThat(Distance.ofKilometers(3).clampedToUnitMaximum()).isEqualTo(Distance.ofKilometers(3));
	}

	@Test
	void negativeOrNonFiniteDistancesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Distance.ofMiles(-0.1));
		assertThatIllegalArgumentException().isThrownBy(() -> Distance.ofMiles(Double.NaN));
	}

	@Test
	void unitsReadTheirWireNames() {
		assertThat(DistanceUnit.fromWire("mile")).isEqualTo(DistanceUnit.MILE);
		assertThat(DistanceUnit.fromWire("kilometer")).isEqualTo(DistanceUnit.KILOMETER);
		assertThatIllegalArgumentException().isThrownBy(() -> DistanceUnit.fromWire("Kilometer"));
		assertThatIllegalArgumentException().isThrownBy(() -> DistanceUnit.fromWire("mile "));
		assertThatIllegalArgumentException().isThrownBy(() -> DistanceUnit.fromWire(null));
		assertThatIllegalArgumentException().isThrownBy(() -> DistanceUnit.fromWire("furlong"));
		assertThat(DistanceUnit.KILOMETER.wireName()).isEqualTo("kilometer");
	}

	@Test
	void roundedKeepsTwoDecimals() {
		assertThat(Distance.ofMiles(0.30499).rounded()).isEqualTo(0.3);
		assertThat(Distance.ofMiles(2.456).rounded()).isEqualTo(2.46);
	}

}
