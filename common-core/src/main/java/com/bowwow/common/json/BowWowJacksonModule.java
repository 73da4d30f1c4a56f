package com.bowwow.common.json;

import java.time.Instant;

import com.bowwow.common.time.Rfc3339;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Timestamps as the contract wants them: written as RFC 3339 UTC with whole seconds, read
 * leniently from any RFC 3339 form.
 */
public class BowWowJacksonModule extends SimpleModule {

	public BowWowJacksonModule() {
		super("bowwow");
		addSerializer(Instant.class, new InstantSerializer());
		addDeserializer(Instant.class, new InstantDeserializer());
	}

	static final class InstantSerializer extends StdSerializer<Instant> {

		InstantSerializer() {
			super(Instant.class);
		}

		@Override
		public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
			generator.writeString(Rfc3339.format(value));
		}

	}

	static final class InstantDeserializer extends StdDeserializer<Instant> {

		InstantDeserializer() {
			super(Instant.class);
		}

		@Override
		public Instant deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (Instant) context.handleUnexpectedToken(Instant.class, parser);
			}
			String text = parser.getString();
			try {
				return Rfc3339.parse(text);
			}
			catch (IllegalArgumentException ex) {
				InvalidFormatException invalid = InvalidFormatException.from(parser, ex.getMessage(), text,
						Instant.class);
				invalid.initCause(ex);
				throw invalid;
			}
		}

	}

}
