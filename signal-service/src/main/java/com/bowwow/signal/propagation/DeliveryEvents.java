package com.bowwow.signal.propagation;

import java.util.List;
import java.util.UUID;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.signal.api.SignalEvents.ArrivalsDelivered;
import com.bowwow.signal.api.SignalEvents.Delivery;

/**
 * One {@code ArrivalsDelivered} event per delivered batch, through the outbox:
 * push-service turns each delivery into a notification, analytics counts it. Durable with
 * the receipts.
 */
class DeliveryEvents implements ArrivalEffect {

	private final EventOutbox outbox;

	public DeliveryEvents(EventOutbox outbox) {
		this.outbox = outbox;
	}

	@Override
	public void delivered(List<Receipt> receipts) {
		List<Delivery> deliveries = receipts.stream()
			.map((r) -> new Delivery(r.signalId(), r.receiverId(), r.senderId(), r.kind(), r.distanceMeters(),
					r.direction(), r.dueAt(), r.receivedAt(), r.expiresAt()))
			.toList();
		this.outbox.publish(new ArrivalsDelivered(UUID.randomUUID(), deliveries));
	}

}
