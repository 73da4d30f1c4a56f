package com.bowwow.analytics.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keep how long per-event rows (activity hours, signals, deliveries, push
 * counters, stream samples, deleted accounts) are kept
 * @param processedEvents how long event IDs are remembered for deduplication; longer than
 * any redelivery (claim-idle times max-deliveries is minutes)
 * @param batch rows deleted per statement, so that no purge holds locks for long
 */
@ConfigurationProperties("bowwow.analytics.retention")
record RetentionProperties(@DefaultValue("400d") Duration keep, @DefaultValue("7d") Duration processedEvents,
		@DefaultValue("5000") int batch) {

}
