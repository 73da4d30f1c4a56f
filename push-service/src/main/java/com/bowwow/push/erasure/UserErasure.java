package com.bowwow.push.erasure;

import java.time.Clock;

import com.bowwow.common.events.EventHandler;
import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.events.ReceivedEvent;
import com.bowwow.push.delivery.DeliveryStore;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a deleted user's delivery records (device token, distances, the other party)
 * when user-service announces the deletion. Idempotent: a redelivered event deletes
 * nothing more. Other user events are none of push-service's business (it reads the push
 * target and the safety read model live).
 */
public class UserErasure implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(UserErasure.class);

	private final DeliveryStore store;

	private final EventOutbox outbox;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public UserErasure(DeliveryStore store, EventOutbox outbox, JsonMapper json, TransactionTemplate transactions,
			Clock clock) {
		this.store = store;
		this.outbox = outbox;
		this.json = json;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public void handle(ReceivedEvent event) {
		UserEvents.read(this.json, event.type(), event.payload()).ifPresent((userEvent) -> {
			if (userEvent instanceof UserDeleted deleted) {
				Integer erased = this.transactions.execute((tx) -> {
					this.outbox.eraseFromPublished(deleted.userId().value());
					return this.store.erase(deleted.userId(), this.clock.instant());
				});
				log.info("Erased {} delivery records of deleted user {}", erased, deleted.userId());
			}
		});
	}

}
