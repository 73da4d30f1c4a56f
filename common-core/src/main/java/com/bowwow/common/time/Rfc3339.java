package com.bowwow.common.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The contract's timestamp rules: output is UTC with whole seconds and a {@code Z} (the
 * iOS client's decoder rejects fractions); input is any RFC 3339 date-time, with or
 * without fractional seconds, {@code Z} or a numeric offset.
 */
public final class Rfc3339 {

	private Rfc3339() {
	}

	public static String format(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
	}

	public static Instant parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("must be an RFC 3339 timestamp such as 2026-11-26T12:34:56Z");
		}
		try {
			// RFC 3339 allows lowercase 't' and 'z'; java.time only accepts uppercase.
			return OffsetDateTime.parse(text.trim().toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
				.toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("must be an RFC 3339 timestamp such as 2026-11-26T12:34:56Z", ex);
		}
	}

}
