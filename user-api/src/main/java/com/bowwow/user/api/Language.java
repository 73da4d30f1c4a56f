package com.bowwow.user.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The language a user reads notifications in ({@code settings.language}). */
public enum Language {

	EN("en"), KO("ko");

	/**
	 * What a user who never chose (or an event written before the field existed) gets.
	 */
	public static final Language DEFAULT = EN;

	private final String wireName;

	Language(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	@JsonCreator
	public static Language fromWire(String value) {
		// Exactly as the contract spells it: "EN" or "en-US" are refused, not guessed.
		for (Language language : values()) {
			if (language.wireName.equals(value)) {
				return language;
			}
		}
		throw new IllegalArgumentException("must be one of: en, ko");
	}

	/** The language, with null (an older event) read as the default. */
	public static Language orDefault(Language language) {
		return (language != null) ? language : DEFAULT;
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
