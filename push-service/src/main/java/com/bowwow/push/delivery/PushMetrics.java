package com.bowwow.push.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code bowwow.push.sent}, {@code bowwow.push.rejected{reason}} (APNs refused for good),
 * {@code bowwow.push.retried}, {@code bowwow.push.dead_lettered} and
 * {@code bowwow.push.skipped{reason}}. APNs latency is timed by the sender
 * ({@code bowwow.push.apns.latency}). Reason tags come from fixed sets (APNs reasons,
 * skip reasons), so they cannot grow without bound.
 */
class PushMetrics {

	private final MeterRegistry registry;

	private final Counter sent;

	private final Counter retried;

	private final Counter deadLettered;

	public PushMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.sent = Counter.builder("bowwow.push.sent").description("Pushes APNs accepted").register(registry);
		this.retried = Counter.builder("bowwow.push.retried")
			.description("Failed attempts scheduled for another try")
			.register(registry);
		this.deadLettered = Counter.builder("bowwow.push.dead_lettered")
			.description("Pushes given up on and kept as dead letters")
			.register(registry);
	}

	void sent() {
		this.sent.increment();
	}

	void rejected(String reason) {
		Counter.builder("bowwow.push.rejected")
			.description("Pushes APNs refused for good, by reason")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	void retried() {
		this.retried.increment();
	}

	void deadLettered() {
		this.deadLettered.increment();
	}

	void skipped(String reason) {
		Counter.builder("bowwow.push.skipped")
			.description("Pushes not sent on purpose, by reason")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

}
