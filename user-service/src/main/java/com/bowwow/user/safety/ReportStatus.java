package com.bowwow.user.safety;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a report stands for operators. */
enum ReportStatus {

	OPEN, CLOSED;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @throws IllegalArgumentException for anything but {@code open} or {@code closed}
	 */
	public static ReportStatus fromWire(String value) {
		for (ReportStatus status : values()) {
			if (status.wireName().equals(value)) {
				return status;
			}
		}
		throw new IllegalArgumentException("must be one of open, closed");
	}

}
