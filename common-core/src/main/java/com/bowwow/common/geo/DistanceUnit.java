package com.bowwow.common.geo;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The unit a user reads distances in. Each unit carries the product's maximum reach,
 * which is deliberately not an exact conversion: 10 miles for mile users, a round 16 km
 * for kilometer users.
 */
public enum DistanceUnit {

	MILE("mile", 1_609.344, 10), KILOMETER("kilometer", 1_000.0, 16);

	private final String wireName;

	private final double meters;

	private final double maximum;

	DistanceUnit(String wireName, double meters, double maximum) {
		this.wireName = wireName;
		this.meters = meters;
		this.maximum = maximum;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/** How many metres one of this unit is. */
	public double meters() {
		return this.meters;
	}

	/** The furthest a user of this unit can see or send. */
	public Distance maximum() {
		return Distance.of(this.maximum, this);
	}

	@JsonCreator
	public static DistanceUnit fromWire(String value) {
		// Exactly as the contract spells it: strict input refuses "Mile " rather than
		// guessing.
		for (DistanceUnit unit : values()) {
			if (unit.wireName.equals(value)) {
				return unit;
			}
		}
		throw new IllegalArgumentException("must be one of: mile, kilometer");
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
