package com.bowwow.push.message;

import com.bowwow.common.geo.Distance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DistanceTextTests {

	private static final double MILE = 1609.344;

	@ParameterizedTest
	@CsvSource({ "0.3, 0.3 mi", "2.44, 2.4 mi", "2.45, 2.5 mi", "0.1, 0.1 mi", "0.96, 1.0 mi", "9.94, 9.9 mi",
			"9.96, 10 mi", "10, 10 mi" })
	void milesHaveOneDecimalBelowTen(double miles, String expected) {
		assertThat(DistanceText.format(Distance.ofMiles(miles))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "450, 450 ft", "0, 0 ft", "3, 0 ft", "6, 10 ft", "527, 530 ft" })
	void underATenthOfAMileIsFeetRoundedToTen(double feet, String expected) {
		assertThat(DistanceText.format(Distance.ofMeters(feet * 0.3048).to(com.bowwow.common.geo.DistanceUnit.MILE)))
			.isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "2.4, 2.4 km", "0.1, 0.1 km", "15.99, 16 km", "1, 1.0 km" })
	void kilometersHaveOneDecimalBelowTen(double kilometers, String expected) {
		assertThat(DistanceText.format(Distance.ofKilometers(kilometers))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "80, 80 m", "99.4, 100 m", "0, 0 m", "44, 40 m", "45, 50 m" })
	void underATenthOfAKilometerIsMetresRoundedToTen(double meters, String expected) {
		assertThat(DistanceText.format(Distance.ofMeters(meters))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "0.0999, 530 ft", "0.1, 0.1 mi" })
	void theMileBoundaryIsATenth(double miles, String expected) {
		assertThat(DistanceText.format(Distance.ofMeters(miles * MILE).to(com.bowwow.common.geo.DistanceUnit.MILE)))
			.isEqualTo(expected);
	}

}
