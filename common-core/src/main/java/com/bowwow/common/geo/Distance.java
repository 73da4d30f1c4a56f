package com.bowwow.common.geo;

import java.util.Objects;

/**
 * A non-negative length with its unit. Arithmetic happens in metres so that conversions
 * never accumulate rounding; {@link #value()} is what a user of {@link #unit()} sees.
 */
public record Distance(double value, DistanceUnit unit) implements Comparable<Distance> {

	public Distance {
		Objects.requireNonNull(unit, "unit");
		if (!Double.isFinite(value) || value < 0) {
			throw new IllegalArgumentException("distance must be a finite number >= 0");
		}
	}

	public static Distance of(double value, DistanceUnit unit) {
		return new Distance(value, unit);
	}

	public static Distance ofMeters(double meters) {
		return new Distance(meters / DistanceUnit.KILOMETER.meters(), DistanceUnit.KILOMETER);
	}

	public static Distance ofMiles(double miles) {
		return new Distance(miles, DistanceUnit.MILE);
	}

	public static Distance ofKilometers(double kilometers) {
		return new Distance(kilometers, DistanceUnit.KILOMETER);
	}

	public double meters() {
		return this.value * this.unit.meters();
	}

	public double miles() {
		return meters() / DistanceUnit.MILE.meters();
	}

	public double kilometers() {
		return meters() / DistanceUnit.KILOMETER.meters();
	}

	public Distance to(DistanceUnit target) {
		return (target == this.unit) ? this : new Distance(meters() / target.meters(), target);
	}

	/** This distance, capped at the maximum of its own unit. */
	public Distance clampedToUnitMaximum() {
		Distance maximum = this.unit.maximum();
		return (compareTo(maximum) > 0) ? maximum : this;
	}

	/** The value rounded for display: two decimals, which is about 16 m at most. */
	public double rounded() {
		return Math.round(this.value * 100.0) / 100.0;
	}

	@Override
	public int compareTo(Distance other) {
		return Double.compare(meters(), other.meters());
	}

}
