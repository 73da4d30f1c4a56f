package com.bowwow.common.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code bowwow.events.consumed{stream,group,outcome}} counts what consumers did, and
 * {@code bowwow.events.outbox.backlog} how many committed events wait for the relay, and
 * {@code bowwow.events.consumer.lag} / {@code .pending} how far each consumer group is
 * behind: the numbers to alarm on when events stop flowing. After a loss of Redis data,
 * {@code bowwow.events.republished} and {@code bowwow.events.groups.recreated} count the
 * repair, and {@code bowwow.events.stream.length} shows a stream a stalled group pins.
 */
class MicrometerEventMetrics implements EventMetrics {

	private final MeterRegistry registry;

	private final Map<String, AtomicLong> streamLengths = new ConcurrentHashMap<>();

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

	@Override
	public void republished(String stream, long count) {
		Counter.builder("bowwow.events.republished")
			.description("Entries the outbox relay published again because Redis had lost them")
			.tag("stream", stream)
			.register(this.registry)
			.increment(count);
	}

	@Override
	public void groupRecreated(String stream, String group) {
		Counter.builder("bowwow.events.groups.recreated")
			.description("Consumer groups created again at their durable position after Redis lost them")
			.tag("stream", stream)
			.tag("group", group)
			.register(this.registry)
			.increment();
	}

	@Override
	public void streamLength(String stream, long length) {
		this.streamLengths.computeIfAbsent(stream, (key) -> {
			AtomicLong value = new AtomicLong(-1);
			Gauge.builder("bowwow.events.stream.length", value, (v) -> (v.get() < 0) ? Double.NaN : v.get())
				.description("Entries a stream holds after trimming below what every known consumer group "
						+ "acknowledged; near bowwow.events.stream-max-length a stalled group is about to lose entries")
				.tag("stream", key)
				.register(this.registry);
			return value;
		}).set(length);
	}

	static MeterBinder outboxBacklog(OutboxRelay relay) {
		return (registry) -> Gauge.builder("bowwow.events.outbox.backlog", relay, OutboxRelay::backlog)
			.description("Committed events not yet relayed to their stream")
			.register(registry);
	}

}
