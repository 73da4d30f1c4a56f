package com.bowwow.user.safety;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * A JSON string and nothing else: a number or boolean is refused (400), never turned into
 * text (api-v1.md: strict input).
 */
class StrictString extends StdDeserializer<String> {

	StrictString() {
		super(String.class);
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			return (String) context.handleUnexpectedToken(String.class, parser);
		}
		return parser.getString();
	}

}
