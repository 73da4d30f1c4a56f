package com.bowwow.signal.api;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a wave, a receipt or a push is about; travels as its lowercase wire name in
 * events, internal answers and client messages.
 */
public enum SignalKind {

	/** A signal a user sent. */
	SIGNAL,

	/** A response to a signal, travelling back to its sender. */
	RESPONSE,

	/** A test push a user asked for (push-service only; never a wave). */
	TEST;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value a wire name, exactly as the contract spells it
	 * @return the kind
	 * @throws IllegalArgumentException for anything else (strict: no case folding)
	 */
	@JsonCreator
	public static SignalKind fromWire(String value) {
		for (SignalKind kind : values()) {
			if (kind.wireName().equals(value)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("must be one of signal, response, test");
	}

	@Override
	public String toString() {
		return wireName();
	}

}
