package com.bowwow.common.events;

/**
 * Where consumers report what became of each entry ({@code handled}, {@code failed},
 * {@code dead_lettered}); Micrometer when the service has it.
 */
interface EventMetrics {

	EventMetrics NONE = (stream, group, outcome) -> {
	};

	void outcome(String stream, String group, String outcome);

	/** Starts watching a subscription's backlog (lag and pending entries). */
	default void watch(EventSubscription subscription) {
	}

}
