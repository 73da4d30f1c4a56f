package com.bowwow.common.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the events library.
 *
 * @param outbox the publishing side
 * @param consumer the consuming side
 * @param streamMaxLength the hard cap on each stream's length (approximate). Streams are
 * normally trimmed only below what every known consumer group acknowledged; the cap
 * applies when a group stops consuming and pins the stream, and a group that falls
 * further behind than this loses entries (see the package documentation for the alarm)
 */
@ConfigurationProperties("bowwow.events")
public record EventsProperties(@DefaultValue Outbox outbox, @DefaultValue Consumer consumer,
		@DefaultValue("1000000") long streamMaxLength) {

	/**
	 * @param enabled whether this service publishes (it then owns an {@code event_outbox}
	 * table)
	 * @param table the outbox table, relative to the service's schema
	 * @param pollInterval how often the relay looks for new rows (it is also woken right
	 * after each commit that published)
	 * @param batchSize rows relayed per transaction
	 * @param retention how long published rows are kept (to publish them again if Redis
	 * loses its data) before deletion; also how long a consumer group that vanished from
	 * Redis is still waited for
	 * @param trimInterval how often the relay records where the consumer groups are and
	 * trims its streams below what all of them acknowledged
	 */
	public record Outbox(@DefaultValue("false") boolean enabled, @DefaultValue("event_outbox") String table,
			@DefaultValue("250ms") Duration pollInterval, @DefaultValue("100") int batchSize,
			@DefaultValue("3d") Duration retention, @DefaultValue("10s") Duration trimInterval) {

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
	 * stream still holds) or {@code $} (only new entries); a group that Redis lost is
	 * recreated where it had durably got to instead
	 * @param positionsTable the table in the service's schema where each group's progress
	 * is kept, so that a group lost with Redis resumes where it was; empty for none
	 * @param positionInterval how often a consumer records its group's progress while it
	 * handles entries (at most this much is handled again after Redis lost the group)
	 */
	public record Consumer(@DefaultValue("50") int batchSize, @DefaultValue("200ms") Duration pollInterval,
			@DefaultValue("30s") Duration claimIdle, @DefaultValue("5s") Duration claimInterval,
			@DefaultValue("10") int maxDeliveries, @DefaultValue("0") String startFrom,
			@DefaultValue("event_consumer_positions") String positionsTable,
			@DefaultValue("1s") Duration positionInterval) {

	}

}
