package com.bowwow.push.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalEvent;
import com.bowwow.signal.api.SignalEvents.ArrivalsDelivered;
import com.bowwow.signal.api.SignalEvents.Delivery;
import com.bowwow.signal.api.SignalEvents.SignalSent;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns signal-service's {@code ArrivalsDelivered} into delivery rows and attempts the
 * new ones before returning, so the stream entry is acknowledged only once every push of
 * it has an outcome (or a scheduled retry) in the table. A redelivered event finds its
 * rows already there and sends nothing again.
 */
class ArrivalsConsumer implements EventStream.Listener<SignalEvent> {

	private final DeliveryStore store;

	private final DeliveryAttempts attempts;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public ArrivalsConsumer(DeliveryStore store, DeliveryAttempts attempts, TransactionTemplate transactions,
			Clock clock) {
		this.store = store;
		this.attempts = attempts;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public void on(SignalEvent event) {
		switch (event) {
			case ArrivalsDelivered arrivals -> {
				if (arrivals.deliveries() != null) {
					queueAndAttempt(arrivals);
				}
			}
			// Waves starting are analytics' business; pushes follow their arrivals.
			case SignalSent _ -> {
			}
		}
	}

	private void queueAndAttempt(ArrivalsDelivered arrivals) {
		Instant now = this.clock.instant();
		List<com.bowwow.push.delivery.Delivery> queued = this.transactions.execute((tx) -> {
			List<UserId> involved = new ArrayList<>();
			for (Delivery arrival : arrivals.deliveries()) {
				involved.add(arrival.receiverId());
				involved.add(arrival.senderId());
			}
			this.store.holdOffErasure(involved);
			return this.store.insertAllIfAbsent(arrivals.deliveries().stream().map(DeliveryRequest::of).toList(), now,
					this.attempts.leaseFrom(now));
		});
		if (queued != null && !queued.isEmpty()) {
			this.attempts.attemptAll(queued);
		}
	}

}
