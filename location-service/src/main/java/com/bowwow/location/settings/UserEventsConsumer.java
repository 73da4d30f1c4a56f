package com.bowwow.location.settings;

import com.bowwow.common.events.EventStream;
import com.bowwow.common.events.EventSubscription;
import com.bowwow.common.events.EventSubscriptions;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.api.UserUnblocked;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserEvents;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds user-service's events ({@value UserEvents#STREAM}, consumer group
 * {@value #GROUP}) into the {@link UserEventHandler}. Entries are acknowledged after the
 * handler returned; the handler is idempotent, so redeliveries are harmless.
 */
class UserEventsConsumer implements EventStream.Listener<UserEvent> {

	/** This service's consumer group. */
	public static final String GROUP = "location-service";

	private final UserEventHandler handler;

	UserEventsConsumer(UserEventHandler handler) {
		this.handler = handler;
	}

	@Override
	public void on(UserEvent event) {
		String eventId = event.eventId().toString();
		switch (event) {
			case UserRegistered _, UserSettingsChanged _, UserDeleted _ -> this.handler.project(event);
			case UserBlocked blocked -> this.handler.usersSeparated(eventId, blocked.userId(), blocked.blockedUserId());
			case UserSuspended suspended -> this.handler.userSuspended(eventId, suspended.userId());
			// Nothing to undo: visibility is read from the safety model at each look (a
			// report's block arrives as its own UserBlocked).
			case UserUnblocked _, UserSuspensionLifted _, ReportFiled _ -> {
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEventsConfiguration {

		@Bean
		UserEventsConsumer userEventsConsumer(UserEventHandler handler) {
			return new UserEventsConsumer(handler);
		}

		@Bean
		EventSubscription userEventsSubscription(EventSubscriptions subscriptions, JsonMapper json,
				UserEventsConsumer consumer) {
			return subscriptions.subscribe(UserEvents.DESCRIPTOR, GROUP, json, consumer);
		}

	}

}
