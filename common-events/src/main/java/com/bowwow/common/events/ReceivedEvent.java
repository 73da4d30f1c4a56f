package com.bowwow.common.events;

import tools.jackson.databind.json.JsonMapper;

/**
 * One stream entry handed to an {@link EventHandler}.
 *
 * @param stream the stream it came from
 * @param entryId the Redis Stream entry ID
 * @param eventId the event's own ID, stable across redeliveries (deduplicate on it)
 * @param type the event type name
 * @param payload the event as JSON
 * @param deliveryCount how many times it has been delivered, this time included
 */
public record ReceivedEvent(String stream, String entryId, String eventId, String type, String payload,
		long deliveryCount) {

	/** The payload read as the given type. */
	public <T> T payloadAs(JsonMapper json, Class<T> type) {
		return json.readValue(this.payload, type);
	}

}
