package com.bowwow.push.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deliveries are attempted and retried.
 *
 * @param maxAttempts attempts (the first included) before a push is dead-lettered
 * @param backoffBase the first retry waits up to this long; each further one up to twice
 * as long (full jitter: a random wait between zero and the cap)
 * @param backoffMax the cap of the exponential growth
 * @param lease how long an attempt in flight keeps its row from other instances; a row
 * whose instance crashed is attempted again after it
 * @param workerInterval how often each instance looks for due retries
 * @param workerBatch rows claimed per look
 * @param concurrency attempts in flight at once per instance (APNs calls are
 * asynchronous; this bounds the calls to user-service and the database)
 * @param retention how long final rows are kept
 */
@ConfigurationProperties("bowwow.push.delivery")
record DeliveryProperties(@DefaultValue("8") int maxAttempts, @DefaultValue("2s") Duration backoffBase,
		@DefaultValue("2m") Duration backoffMax, @DefaultValue("60s") Duration lease,
		@DefaultValue("1s") Duration workerInterval, @DefaultValue("100") int workerBatch,
		@DefaultValue("64") int concurrency, @DefaultValue("30d") Duration retention) {

	public DeliveryProperties {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("bowwow.push.delivery.max-attempts must be at least 1");
		}
		if (concurrency < 1) {
			throw new IllegalArgumentException("bowwow.push.delivery.concurrency must be at least 1");
		}
	}

}
