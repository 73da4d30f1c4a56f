package com.bowwow.common.id;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict UUID parsing. {@link UUID#fromString} accepts short forms such as "1-2-3-4-5";
 * identifiers on the wire must be the canonical 36-character form.
 */
public final class Uuids {

	private static final Pattern CANONICAL = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private Uuids() {
	}

	public static UUID parse(String text) {
		if (text == null || !CANONICAL.matcher(text).matches()) {
			throw new IllegalArgumentException("must be a UUID such as 3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13");
		}
		return UUID.fromString(text);
	}

}
