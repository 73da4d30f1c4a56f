package com.bowwow.push.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failed attempt, wait a uniformly
 * random time between zero and {@code min(max, base * 2^(n-1))}. Spreading retries over
 * the whole window keeps many pushes that failed together (an APNs outage) from returning
 * together.
 */
record Backoff(Duration base, Duration max) {

	/**
	 * @param failedAttempts attempts made so far (at least 1)
	 * @param random the source of jitter
	 */
	public Duration delay(int failedAttempts, RandomGenerator random) {
		return Duration.ofMillis(random.nextLong(cap(failedAttempts).toMillis() + 1));
	}

	/** The largest wait after that many failed attempts. */
	public Duration cap(int failedAttempts) {
		int exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
		long millis = this.base.toMillis() << exponent;
		return Duration.ofMillis(Math.min(this.max.toMillis(), (millis < 0) ? Long.MAX_VALUE : millis));
	}

}
