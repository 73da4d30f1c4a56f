package com.bowwow.common.id;

import java.util.UUID;

/**
 * Strict UUID parsing. {@link UUID#fromString} accepts short forms such as "1-2-3-4-5";
 * identifiers on the wire must be the canonical 36-character form.
 */
public final class Uuids {

	private Uuids() {
	}

	public static UUID parse(String text) {
		if (!isCanonical(text, true)) {
			throw new IllegalArgumentException("must be a UUID such as 3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13");
		}
		return UUID.fromString(text);
	}

	/** The form identifiers are printed in: canonical, lowercase (a token's subject). */
	public static boolean isCanonicalLowercase(String text) {
		return isCanonical(text, false);
	}

	/**
	 * 8-4-4-4-12 hexadecimal digits: a loop rather than a regular expression, which cost
	 * 2 % of a location update's CPU (every request parses at least one identifier).
	 */
	private static boolean isCanonical(String text, boolean upperCaseToo) {
		if (text == null || text.length() != 36) {
			return false;
		}
		for (int i = 0; i < 36; i++) {
			char c = text.charAt(i);
			boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
					: (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (upperCaseToo && c >= 'A' && c <= 'F');
			if (!ok) {
				return false;
			}
		}
		return true;
	}

}
