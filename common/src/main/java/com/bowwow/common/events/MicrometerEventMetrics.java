package com.bowwow.common.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code bowwow.events.consumed{stream,group,outcome}} counts what consumers did, and
 * {@code bowwow.events.outbox.backlog} how many committed events wait for the relay, and
 * {@code bowwow.events.consumer.lag} / {@code .pending} how far each consumer group is
 * behind: the numbers to alarm on when events stop flowing.
 */
class MicrometerEventMetrics implements EventMetrics {

	private final MeterRegistry registry;

	MicrometerEventMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void outcome(String stream, String group, String outcome) {
		Counter.builder("bowwow.events.consumed")
			.description("Stream entries a consumer group finished with, by outcome")
			.tag("stream", stream)
			.tag("group", group)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	@Override
	public void watch(EventSubscription subscription) {
		Gauge.builder("bowwow.events.consumer.lag", subscription, (s) -> s.backlog().lag())
			.description("Entries in the stream not yet delivered to the consumer group")
			.tag("stream", subscription.stream())
			.tag("group", subscription.group())
			.register(this.registry);
		Gauge.builder("bowwow.events.consumer.pending", subscription, (s) -> s.backlog().pending())
			.description("Entries delivered to the consumer group and not yet acknowledged")
			.tag("stream", subscription.stream())
			.tag("group", subscription.group())
			.register(this.registry);
	}

	static MeterBinder outboxBacklog(OutboxRelay relay) {
		return (registry) -> Gauge.builder("bowwow.events.outbox.backlog", relay, OutboxRelay::backlog)
			.description("Committed events not yet relayed to their stream")
			.register(registry);
	}

}
