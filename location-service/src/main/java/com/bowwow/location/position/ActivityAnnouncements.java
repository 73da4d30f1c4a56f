package com.bowwow.location.position;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.api.LocationEvents.LocationReported;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells analytics that a user is active: a {@link LocationReported} event at most once
 * per user per {@code bowwow.location.activity-interval}. The hot path pays nothing extra
 * (the upsert already returns when the last announcement was); only a due announcement
 * opens a transaction, which claims it and writes the outbox entry together.
 */
@Component
class ActivityAnnouncements {

	private final PositionStore store;

	private final EventOutbox outbox;

	private final TransactionTemplate transactions;

	private final LocationProperties properties;

	ActivityAnnouncements(PositionStore store, EventOutbox outbox, TransactionTemplate transactions,
			LocationProperties properties) {
		this.store = store;
		this.outbox = outbox;
		this.transactions = transactions;
		this.properties = properties;
	}

	void announceIfDue(UserId userId, Instant reportedAt, Instant now, Optional<Instant> lastAnnounced) {
		Instant dueBefore = now.minus(this.properties.activityInterval());
		if (lastAnnounced.isPresent() && lastAnnounced.get().isAfter(dueBefore)) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			if (this.store.claimActivity(userId, now, dueBefore)) {
				// A phone clock a little ahead must not put activity in the future.
				Instant at = reportedAt.isAfter(now) ? now : reportedAt;
				this.outbox.publish(new LocationReported(UUID.randomUUID(), userId, at));
			}
		});
	}

}
