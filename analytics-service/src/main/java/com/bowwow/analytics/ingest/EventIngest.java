package com.bowwow.analytics.ingest;

import java.util.UUID;

import com.bowwow.location.api.LocationEvent;
import com.bowwow.location.api.LocationEvents.LocationReported;
import com.bowwow.location.api.LocationEvents.StreamConnectionsSampled;
import com.bowwow.push.api.PushEvent;
import com.bowwow.push.api.PushEvents.PushesFinished;
import com.bowwow.signal.api.SignalEvent;
import com.bowwow.signal.api.SignalEvents.ArrivalsDelivered;
import com.bowwow.signal.api.SignalEvents.SignalSent;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.api.UserUnblocked;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies each stream's events to {@link Aggregates}. Events whose effect is not a
 * natural-key upsert are deduplicated through {@code processed_event} in the same
 * transaction; the two location events (the most frequent ones) are natural-key upserts
 * and skip that table. Types this version does not know are acknowledged and ignored.
 */
class EventIngest {

	private final Aggregates aggregates;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	public EventIngest(Aggregates aggregates, TransactionTemplate transactions, MeterRegistry meters) {
		this.aggregates = aggregates;
		this.transactions = transactions;
		this.meters = meters;
	}

	/** Applies one location event. */
	public void apply(LocationEvent event) {
		switch (event) {
			// Once: a report that arrives after its user's deletion counts under a fresh
			// pseudonym, which a redelivery must not count again.
			case LocationReported reported ->
				once(reported.type(), reported.eventId(), () -> this.aggregates.reported(reported));
			case StreamConnectionsSampled sampled -> {
				this.aggregates.sampled(sampled);
				applied(sampled.type());
			}
		}
	}

	/** Applies one signal event. */
	public void apply(SignalEvent event) {
		switch (event) {
			case SignalSent sent -> once(sent.type(), sent.eventId(), () -> this.aggregates.sent(sent));
			case ArrivalsDelivered delivered ->
				once(delivered.type(), delivered.eventId(), () -> this.aggregates.delivered(delivered.deliveries()));
		}
	}

	/** Applies one push event. */
	public void apply(PushEvent event) {
		switch (event) {
			case PushesFinished finished ->
				once(finished.type(), finished.eventId(), () -> this.aggregates.pushed(finished.outcomes()));
		}
	}

	/** Applies one user event (also used directly by tests). */
	public void apply(UserEvent event) {
		once(event.type(), event.eventId(), () -> {
			switch (event) {
				case UserRegistered registered ->
					this.aggregates.registered(registered.userId(), registered.occurredAt());
				case UserSettingsChanged changed -> this.aggregates.known(changed.userId());
				case UserDeleted deleted -> this.aggregates.deleted(deleted.userId(), deleted.occurredAt());
				case ReportFiled report -> this.aggregates.reportFiled(report);
				case UserBlocked blocked -> this.aggregates.blocked(blocked);
				case UserSuspended suspended -> this.aggregates.suspended(suspended);
				case UserSuspensionLifted lifted -> this.aggregates.suspensionLifted(lifted);
				// Blocks are counted as made; lifting one changes no figure.
				case UserUnblocked _ -> {
				}
			}
		});
	}

	private void once(String type, UUID eventId, Runnable update) {
		Boolean first = this.transactions.execute((status) -> {
			if (!this.aggregates.firstTime(eventId)) {
				return false;
			}
			update.run();
			return true;
		});
		if (Boolean.TRUE.equals(first)) {
			applied(type);
		}
		else {
			counter("bowwow.analytics.events.duplicate", type, "Events skipped because they were applied before")
				.increment();
		}
	}

	private void applied(String type) {
		counter("bowwow.analytics.events.applied", type, "Events applied to the analytics tables").increment();
	}

	private Counter counter(String name, String type, String description) {
		return Counter.builder(name).tag("type", type).description(description).register(this.meters);
	}

}
