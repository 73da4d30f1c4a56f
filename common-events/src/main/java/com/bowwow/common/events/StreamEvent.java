package com.bowwow.common.events;

import java.util.UUID;

/**
 * An event that travels on one Redis Stream. Each stream has a sealed family of records
 * implementing this (one record per event type) and an {@link EventStream} descriptor in
 * its producer's {@code *-api} module; {@link EventOutbox#publish(StreamEvent)} derives
 * the stream and the entry's {@code type} from the record.
 */
public interface StreamEvent {

	/** Unique per event, the same on every redelivery (consumers deduplicate on it). */
	UUID eventId();

	/** The stream this event travels on. */
	EventStream<?> stream();

	/** The {@code type} field of its stream entry: the record's simple name. */
	default String type() {
		return EventStream.typeName(getClass());
	}

}
