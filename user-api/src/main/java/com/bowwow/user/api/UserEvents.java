package com.bowwow.user.api;

import java.util.Optional;

import com.bowwow.common.events.EventStream;
import tools.jackson.databind.json.JsonMapper;

/** Where user events travel and how an entry becomes a record again. */
public final class UserEvents {

	/** The Redis Stream user-service publishes to. */
	public static final String STREAM = "bowwow:events:user";

	/** The stream's descriptor: its producer, key, event types and consumer groups. */
	public static final EventStream<UserEvent> DESCRIPTOR = EventStream.of("user-service", STREAM, UserEvent.class,
			"location-service", "signal-service", "push-service", "analytics-service");

	private UserEvents() {
	}

	/**
	 * Reads a stream entry's payload.
	 * @param json a mapper with the BowWow Jackson module (the application's own)
	 * @param type the entry's {@code type} field
	 * @param payload the entry's {@code payload} field
	 * @return the event, or empty for a type this version does not know (newer
	 * publisher): skip it
	 */
	public static Optional<UserEvent> read(JsonMapper json, String type, String payload) {
		return DESCRIPTOR.read(json, type, payload);
	}

}
