package com.bowwow.push.erasure;

import java.time.Clock;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.events.EventStream;
import com.bowwow.push.delivery.DeliveryStore;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.api.UserUnblocked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a deleted user's delivery records (device token, distances, the other party)
 * when user-service announces the deletion. Idempotent: a redelivered event deletes
 * nothing more. Other user events are none of push-service's business (it reads the push
 * target and the safety read model live).
 */
class UserErasure implements EventStream.Listener<UserEvent> {

	private static final Logger log = LoggerFactory.getLogger(UserErasure.class);

	private final DeliveryStore store;

	private final EventOutbox outbox;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public UserErasure(DeliveryStore store, EventOutbox outbox, TransactionTemplate transactions, Clock clock) {
		this.store = store;
		this.outbox = outbox;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public void on(UserEvent event) {
		switch (event) {
			case UserDeleted deleted -> {
				Integer erased = this.transactions.execute((tx) -> {
					this.outbox.eraseFromPublished(deleted.userId().value());
					return this.store.erase(deleted.userId(), this.clock.instant());
				});
				log.info("Erased {} delivery records of deleted user {}", erased, deleted.userId());
			}
			// Settings, blocks and suspensions are read live (push target, safety read
			// model) when a push is sent.
			case UserRegistered _, UserSettingsChanged _, UserBlocked _, UserUnblocked _, UserSuspended _,
					UserSuspensionLifted _, ReportFiled _ ->
				{
				}
		}
	}

}
