package com.bowwow.location.stream;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.location.api.LocationEvents.StreamConnectionsSampled;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes this instance's stream size for the operator dashboard, which keeps its own
 * history (metrics scraped by Prometheus are the per-second view; this is the durable one
 * that survives without a metrics stack).
 */
@Component
class StreamSampler {

	private final ConnectionRegistry connections;

	private final StreamMetrics metrics;

	private final EventOutbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	/** Stable for the process: host name (the ECS task) and a random part. */
	private final String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	StreamSampler(ConnectionRegistry connections, StreamMetrics metrics, EventOutbox outbox,
			TransactionTemplate transactions, Clock clock) {
		this.connections = connections;
		this.metrics = metrics;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${bowwow.location.stream-sample-interval:1m}",
			fixedRateString = "${bowwow.location.stream-sample-interval:1m}")
	void sample() {
		StreamConnectionsSampled sample = new StreamConnectionsSampled(UUID.randomUUID(), this.instanceId,
				this.connections.all().size(), this.metrics.droppedTotal(), this.clock.instant());
		this.transactions.executeWithoutResult((status) -> this.outbox.publish(sample));
	}

}
