package com.bowwow.user.safety;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.user.api.UserEvent;

import org.springframework.stereotype.Component;

/** Writes safety events to the user stream's outbox, inside the causing transaction. */
@Component
class SafetyEvents {

	private final EventOutbox outbox;

	SafetyEvents(EventOutbox outbox) {
		this.outbox = outbox;
	}

	void publish(UserEvent event) {
		this.outbox.publish(event);
	}

}
