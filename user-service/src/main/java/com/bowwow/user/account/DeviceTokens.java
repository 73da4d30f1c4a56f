package com.bowwow.user.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** APNs device tokens: 64 to 200 hex characters, kept in lowercase. */
final class DeviceTokens {

	static final String PATTERN = "[0-9a-fA-F]{64,200}";

	static final String MESSAGE = "must be 64 to 200 hexadecimal characters";

	private static final Pattern VALID = Pattern.compile(PATTERN);

	private DeviceTokens() {
	}

	public static boolean isValid(String token) {
		return token != null && VALID.matcher(token).matches();
	}

	/** The stored form; the same device always maps to the same string. */
	public static String normalise(String token) {
		return token.toLowerCase(Locale.ROOT);
	}

}
