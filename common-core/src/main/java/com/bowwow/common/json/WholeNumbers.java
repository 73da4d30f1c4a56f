package com.bowwow.common.json;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a whole-valued double as a JSON integer ({@code 5}, not {@code 5.0}) and any
 * other value as usual. For fields the iOS client declares as Swift {@code Int} (its
 * {@code JSONDecoder} refuses {@code 5.0} there) while the value can also be fractional.
 */
public class WholeNumbers extends StdSerializer<Double> {

	private static final double EXACT_LIMIT = 9_007_199_254_740_992d;

	public WholeNumbers() {
		super(Double.class);
	}

	@Override
	public void serialize(Double value, JsonGenerator generator, SerializationContext context) {
		double v = value;
		if (v == Math.rint(v) && Math.abs(v) < EXACT_LIMIT) {
			generator.writeNumber((long) v);
		}
		else {
			generator.writeNumber(v);
		}
	}

}
