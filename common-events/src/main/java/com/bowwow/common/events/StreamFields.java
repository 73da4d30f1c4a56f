package com.bowwow.common.events;

/** The fields of every stream entry the relay writes. */
public final class StreamFields {

	public static final String EVENT_ID = "eventId";

	public static final String TYPE = "type";

	public static final String PAYLOAD = "payload";

	private StreamFields() {
	}

}
