package com.bowwow.location.stream;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * What operators watch on the live stream besides the open-connection gauge: messages
 * lost to clients that read too slowly (they are disconnected, and what was queued for
 * them is dropped) and how often that happens.
 */
@Component
class StreamMetrics {

	private final Counter dropped;

	private final Counter slowDisconnects;

	private final AtomicLong droppedTotal = new AtomicLong();

	public StreamMetrics(MeterRegistry registry) {
		this.dropped = Counter.builder("bowwow.location.stream.dropped")
			.description("Messages not delivered because the client read too slowly")
			.register(registry);
		this.slowDisconnects = Counter.builder("bowwow.location.stream.slow.disconnects")
			.description("Connections closed because their send queue was full")
			.register(registry);
	}

	void slowClientDisconnected(int droppedMessages) {
		this.slowDisconnects.increment();
		this.dropped.increment(droppedMessages);
		this.droppedTotal.addAndGet(droppedMessages);
	}

	/** Messages dropped since this instance started. */
	public long droppedTotal() {
		return this.droppedTotal.get();
	}

}
