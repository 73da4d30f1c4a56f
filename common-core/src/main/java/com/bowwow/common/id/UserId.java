package com.bowwow.common.id;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A server-issued user identifier; on the wire a lowercase UUID string. */
public record UserId(UUID value) {

	public UserId {
		Objects.requireNonNull(value, "value");
	}

	public static UserId random() {
		return new UserId(UUID.randomUUID());
	}

	@JsonCreator
	public static UserId parse(String text) {
		return new UserId(Uuids.parse(text));
	}

	@JsonValue
	@Override
	public String toString() {
		return this.value.toString().toLowerCase(Locale.ROOT);
	}

}
