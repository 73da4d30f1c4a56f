package com.bowwow.common.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the events library.
 *
 * @param outbox the publishing side
 * @param consumer the consuming side
 * @param streamMaxLength approximate number of entries each stream keeps (oldest
 * trimmed); a consumer group that falls further behind than this loses entries
 */
@ConfigurationProperties("bowwow.events")
public record EventsProperties(@DefaultValue Outbox outbox, @DefaultValue Consumer consumer,
		@DefaultValue("100000") long streamMaxLength) {

	/**
	 * @param enabled whether this service publishes (it then owns an {@code event_outbox}
	 * table)
	 * @param table the outbox table, relative to the service's schema
	 * @param pollInterval how often the relay looks for new rows (it is also woken right
	 * after each commit that published)
	 * @param batchSize rows relayed per transaction
	 * @param retention how long published rows are kept for diagnosis before deletion
	 */
	public record Outbox(@DefaultValue("false") boolean enabled, @DefaultValue("event_outbox") String table,
			@DefaultValue("250ms") Duration pollInterval, @DefaultValue("100") int batchSize,
			@DefaultValue("3d") Duration retention) {

	}

	/**
	 * @param batchSize entries read per call
	 * @param pollInterval pause between reads while the stream has nothing new (reads do
	 * not block, so no Redis connection is held)
	 * @param claimIdle how long an entry may stay pending (unacknowledged) before another
	 * consumer of the group takes it over
	 * @param claimInterval how often each consumer looks for such entries
	 * @param maxDeliveries attempts before an entry goes to the dead-letter stream
	 * @param startFrom where a newly created group starts: {@code 0} (everything the
	 * stream still holds) or {@code $} (only new entries)
	 */
	public record Consumer(@DefaultValue("50") int batchSize, @DefaultValue("200ms") Duration pollInterval,
			@DefaultValue("30s") Duration claimIdle, @DefaultValue("5s") Duration claimInterval,
			@DefaultValue("10") int maxDeliveries, @DefaultValue("0") String startFrom) {

	}

}
