package com.bowwow.common.events;

/**
 * The Flyway locations in which common ships the tables of this package, so that no
 * service copies their DDL: a service lists the ones it needs in
 * {@code spring.flyway.locations} beside its own {@code classpath:db/migration}. Their
 * versions are 0.x, below every service's own (see the migrations' header).
 */
public final class EventSchema {

	/**
	 * {@code event_outbox} and the relay's bookkeeping ({@code event_outbox_streams},
	 * {@code event_outbox_groups}): for services that publish.
	 */
	public static final String OUTBOX = "classpath:db/outbox";

	/** {@code event_consumer_positions}: for services that consume. */
	public static final String CONSUMER_POSITIONS = "classpath:db/consumer-positions";

	private EventSchema() {
	}

}
