package com.bowwow.signal.propagation;

import com.bowwow.signal.api.SignalKind;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Arrival lateness (commit time minus the ideal {@code sentAt + d / speed}, where
 * {@code sentAt} is the moment the send reached the service, so it shows what users feel)
 * as a histogram, the figure the product promises to keep small, and delivery counts by
 * kind.
 */
public class PropagationMetrics implements ArrivalObserver {

	private final Timer lateness;

	private final Counter signals;

	private final Counter responses;

	private final Counter signalsSent;

	private final Counter responsesSent;

	private final DistributionSummary waveSize;

	private final Map<SendStage, Timer> sendStages = new EnumMap<>(SendStage.class);

	public PropagationMetrics(MeterRegistry registry) {
		this.lateness = Timer.builder("bowwow.signal.arrival.lateness")
			.description("How long after the wavefront reached a receiver the receipt was committed")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(30))
			.register(registry);
		this.signals = Counter.builder("bowwow.signal.deliveries")
			.tag("kind", SignalKind.SIGNAL.wireName())
			.register(registry);
		this.responses = Counter.builder("bowwow.signal.deliveries")
			.tag("kind", SignalKind.RESPONSE.wireName())
			.register(registry);
		this.signalsSent = Counter.builder("bowwow.signal.sent")
			.description("Waves started")
			.tag("kind", SignalKind.SIGNAL.wireName())
			.register(registry);
		this.responsesSent = Counter.builder("bowwow.signal.sent")
			.description("Waves started")
			.tag("kind", SignalKind.RESPONSE.wireName())
			.register(registry);
		this.waveSize = DistributionSummary.builder("bowwow.signal.wave.receivers")
			.description("Receivers a signal's wave was planned to reach when it left")
			.publishPercentileHistogram()
			.maximumExpectedValue(100_000.0)
			.register(registry);
		for (SendStage stage : SendStage.values()) {
			this.sendStages.put(stage, Timer.builder("bowwow.signal.send.stage")
				.description("Time a send spends in each stage before its wave leaves; every receiver nearer than "
						+ "the whole of it is reached late by the difference")
				.tag("stage", stage.name().toLowerCase(Locale.ROOT))
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofMillis(1))
				.maximumExpectedValue(Duration.ofSeconds(10))
				.register(registry));
		}
	}

	/** What a send does before its wave leaves, in order. */
	public enum SendStage {

		/** Asking location-service who is within reach. */
		AUDIENCE,
		/** Leaving out who the sender is blocked with or who is suspended. */
		SAFETY,
		/** Planning every arrival. */
		PLAN,
		/** The transaction: cooldown claim, signal, arrivals, travelling wave, event. */
		STORE,
		/** All of it, from the moment the send reached the service. */
		WHOLE,
		/**
		 * After the wave left: finding and storing the rest of an audience larger than
		 * the first step's (due later, as they stand farther).
		 */
		REST,
		/**
		 * Of {@link #REST}: waiting for its rings from location-service (each read while
		 * the ring before it is stored).
		 */
		REST_READ,
		/**
		 * Of {@link #REST}: checking, planning and storing its rings (each held from its
		 * commit).
		 */
		REST_STORE

	}

	public void sendStage(SendStage stage, long nanos) {
		this.sendStages.get(stage).record(nanos, TimeUnit.NANOSECONDS);
	}

	/** A wave left (its transaction committed). */
	public void waveStarted(SignalKind kind, int plannedReceivers) {
		if (kind == SignalKind.RESPONSE) {
			this.responsesSent.increment();
			return;
		}
		this.signalsSent.increment();
		this.waveSize.record(plannedReceivers);
	}

	@Override
	public void delivered(List<Receipt> receipts, Instant committedAt) {
		for (Receipt receipt : receipts) {
			this.lateness.record(Duration.between(receipt.dueAt(), committedAt));
			((receipt.kind() == SignalKind.RESPONSE) ? this.responses : this.signals).increment();
		}
	}

}
