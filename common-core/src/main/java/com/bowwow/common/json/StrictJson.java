package com.bowwow.common.json;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * The contract's "strict JSON" input rule: a value of the wrong JSON type is refused,
 * never coerced ({@code 1} is not {@code true}, {@code "5"} is not {@code 5}, a 65-digit
 * number is not a device token), a number that does not fit a double ({@code 1e309}) is
 * refused rather than read as infinity, and nothing may follow the document. An integer
 * literal is still a valid value for a decimal field (JSON has one number type).
 */
public final class StrictJson {

	private StrictJson() {
	}

	/** Applies the rule to a mapper builder (the applications' and any a test builds). */
	public static JsonMapper.Builder apply(JsonMapper.Builder builder) {
		return builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Enum,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
			.addModule(new SimpleModule("bowwow-finite-numbers").addDeserializer(Double.class, new FiniteDouble(false))
				.addDeserializer(double.class, new FiniteDouble(true)));
	}

	/** Doubles must be finite: {@code 1e309} overflows to infinity and is refused. */
	static final class FiniteDouble extends StdDeserializer<Double> {

		private final boolean primitive;

		FiniteDouble(boolean primitive) {
			super(primitive ? double.class : Double.class);
			this.primitive = primitive;
		}

		@Override
		public Double deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT) && !parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
				return (Double) context.handleUnexpectedToken(handledType(), parser);
			}
			double value = parser.getDoubleValue();
			if (!Double.isFinite(value)) {
				throw InvalidFormatException.from(parser, "must be a finite number", parser.getString(), handledType());
			}
			return value;
		}

		@Override
		public Object getNullValue(DeserializationContext context) {
			if (this.primitive) {
				return context.reportInputMismatch(this, "must be a number, not null");
			}
			return null;
		}

	}

}
