package com.bowwow.user.api;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a user reported another; the wire names are the contract's. */
public enum ReportReason {

	SPAM, HARASSMENT, INAPPROPRIATE, OTHER;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value a wire name, exactly as the contract spells it
	 * @return the reason
	 * @throws IllegalArgumentException for anything else (strict input: no case folding)
	 */
	@JsonCreator
	public static ReportReason fromWire(String value) {
		for (ReportReason reason : values()) {
			if (reason.wireName().equals(value)) {
				return reason;
			}
		}
		throw new IllegalArgumentException("must be one of spam, harassment, inappropriate, other");
	}

}
