package com.bowwow.user.account;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.UserEvent;

import org.springframework.stereotype.Component;

/** Writes user events to the outbox, inside the transaction that causes them. */
@Component
class UserEventPublisher {

	private final EventOutbox outbox;

	UserEventPublisher(EventOutbox outbox) {
		this.outbox = outbox;
	}

	void publish(UserEvent event) {
		this.outbox.publish(event);
	}

	/** Erases a deleted user's ID from the user events already relayed. */
	void erase(UserId id) {
		this.outbox.eraseFromPublished(id.value());
	}

}
