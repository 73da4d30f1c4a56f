package com.bowwow.location.settings;

import com.bowwow.common.events.EventHandler;
import com.bowwow.common.events.EventSubscription;
import com.bowwow.common.events.EventSubscriptions;
import com.bowwow.common.events.ReceivedEvent;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.api.UserUnblocked;
import com.bowwow.user.api.UserEvents;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Feeds user-service's events ({@value UserEvents#STREAM}, consumer group
 * {@value #GROUP}) into the {@link UserEventHandler}. Entries are acknowledged after the
 * handler returned; the handler is idempotent, so redeliveries are harmless.
 */
public class UserEventsConsumer implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(UserEventsConsumer.class);

	/** This service's consumer group. */
	public static final String GROUP = "location-service";

	private final UserEventHandler handler;

	private final JsonMapper json;

	UserEventsConsumer(UserEventHandler handler, JsonMapper json) {
		this.handler = handler;
		this.json = json;
	}

	@Override
	public void handle(ReceivedEvent received) {
		UserEvents.read(this.json, received.type(), received.payload()).ifPresentOrElse((event) -> {
			String eventId = event.eventId().toString();
			switch (event) {
				case UserRegistered registered -> this.handler.settingsChanged(eventId, registered.userId(),
						registered.distanceUnit(), registered.isOffline(), registered.occurredAt());
				case UserSettingsChanged changed -> this.handler.settingsChanged(eventId, changed.userId(),
						changed.distanceUnit(), changed.isOffline(), changed.occurredAt());
				case UserDeleted deleted -> this.handler.userDeleted(eventId, deleted.userId(), deleted.occurredAt());
				case UserBlocked blocked ->
					this.handler.usersSeparated(eventId, blocked.userId(), blocked.blockedUserId());
				case UserSuspended suspended -> this.handler.userSuspended(eventId, suspended.userId());
				// Nothing to undo: visibility is read from the safety model at each look
				// (a report's block arrives as its own UserBlocked).
				case UserUnblocked _, UserSuspensionLifted _, ReportFiled _ -> {
				}
			}
		}, () -> log.debug("Skipping user event of unknown type {}", received.type()));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEventsConfiguration {

		@Bean
		UserEventsConsumer userEventsConsumer(UserEventHandler handler, JsonMapper json) {
			return new UserEventsConsumer(handler, json);
		}

		@Bean
		EventSubscription userEventsSubscription(EventSubscriptions subscriptions, UserEventsConsumer consumer) {
			return subscriptions.subscribe(UserEvents.STREAM, GROUP, consumer);
		}

	}

}
