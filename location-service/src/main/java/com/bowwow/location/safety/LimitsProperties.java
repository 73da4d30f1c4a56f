package com.bowwow.location.safety;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-user limits, token buckets in Redis (see application.yml for the environment
 * variables that lift them, e.g. for the benchmark).
 *
 * @param nearbyPerMinute sustained rate of {@code GET /api/v1/locations/nearby/{userID}}
 * @param nearbyBurst nearby queries allowed at once after a quiet spell
 * @param subscribePerMinute sustained rate of stream {@code subscribe} messages (each
 * costs database reads and may store a position)
 * @param subscribeBurst subscribes allowed at once after a quiet spell
 */
@ConfigurationProperties("bowwow.location.limits")
record LimitsProperties(@DefaultValue("30") double nearbyPerMinute, @DefaultValue("10") int nearbyBurst,
		@DefaultValue("6") double subscribePerMinute, @DefaultValue("3") int subscribeBurst) {

	public LimitsProperties {
		if (!(nearbyPerMinute > 0) || !(subscribePerMinute > 0) || nearbyBurst < 1 || subscribeBurst < 1) {
			throw new IllegalArgumentException("limits need a rate > 0 per minute and a burst >= 1");
		}
	}

}
