package com.bowwow.push.message;

import java.util.Locale;

import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;

/**
 * A distance as a notification shows it: one decimal in the receiver's unit
 * ({@code 0.3 mi}, {@code 2.4 km}), whole numbers from 10 on, and below 0.1 of the unit
 * the small unit rounded to 10 ({@code 450 ft}, {@code 80 m}), since "0.0 mi" tells
 * nobody anything.
 */
final class DistanceText {

	static final double FEET_PER_METER = 1 / 0.3048;

	private DistanceText() {
	}

	public static String format(Distance distance) {
		DistanceUnit unit = distance.unit();
		double value = distance.value();
		if (value < 0.1) {
			return (unit == DistanceUnit.MILE) ? roundToTen(distance.meters() * FEET_PER_METER) + " ft"
					: roundToTen(distance.meters()) + " m";
		}
		String symbol = (unit == DistanceUnit.MILE) ? "mi" : "km";
		double tenths = Math.round(value * 10) / 10.0;
		if (tenths >= 10) {
			return Math.round(value) + " " + symbol;
		}
		return String.format(Locale.ROOT, "%.1f %s", tenths, symbol);
	}

	private static long roundToTen(double value) {
		return Math.round(value / 10) * 10;
	}

}
