package com.bowwow.push.message;

/**
 * The languages a notification can be written in ({@code settings.language}).
 */
public enum Language {

	EN("en"), KO("ko");

	private final String wireName;

	Language(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	/**
	 * The language user-service names; absent or one this service does not know yet (a
	 * newer user-service) falls back to English rather than losing the push.
	 */
	public static Language fromWire(String value) {
		for (Language language : values()) {
			if (language.wireName.equals(value)) {
				return language;
			}
		}
		return EN;
	}

}
