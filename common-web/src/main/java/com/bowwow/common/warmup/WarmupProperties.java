package com.bowwow.common.warmup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rounds how many times each {@link WarmupTask} runs: enough that the JIT compiles
 * the loops of a 2,000-receiver ring
 * @param budget how long warming may take at most (a round started before it ends is
 * finished); what is not done by then is left to the first real requests
 * @param beforeReady whether the service warms before it reports ready (production: the
 * load balancer sends nothing to a cold instance) or right after, in the background (a
 * development stack whose six services start at once, before any traffic)
 */
@ConfigurationProperties("bowwow.warmup")
public record WarmupProperties(@DefaultValue("40") int rounds, @DefaultValue("15s") Duration budget,
		@DefaultValue("true") boolean beforeReady) {

	public WarmupProperties {
		if (rounds < 0) {
			throw new IllegalArgumentException("bowwow.warmup.rounds must be 0 or more");
		}
		if (budget.isNegative()) {
			throw new IllegalArgumentException("bowwow.warmup.budget must not be negative");
		}
	}

}
