package com.bowwow.common.events;

/**
 * Where consumers report what became of each entry ({@code handled}, {@code failed},
 * {@code dead_lettered}) and what the relay repaired after Redis lost data; Micrometer
 * when the service has it.
 */
interface EventMetrics {

	EventMetrics NONE = (stream, group, outcome) -> {
	};

	void outcome(String stream, String group, String outcome);

	/** Starts watching a subscription's backlog (lag and pending entries). */
	default void watch(EventSubscription subscription) {
	}

	/** The relay published entries again that Redis had lost. */
	default void republished(String stream, long count) {
	}

	/** A consumer group that Redis had lost was created again at its durable position. */
	default void groupRecreated(String stream, String group) {
	}

	/** How many entries a stream holds after the relay trimmed it. */
	default void streamLength(String stream, long length) {
	}

}
