package com.bowwow.signal.users;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.events.EventSubscription;
import com.bowwow.common.events.EventSubscriptions;
import com.bowwow.user.api.UserEvents;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class UsersConfiguration {

	static final String CONSUMER_GROUP = "signal-service";

	@Bean
	KnownUsers knownUsers(JdbcTemplate jdbc, EventOutbox outbox) {
		return new KnownUsers(jdbc, outbox);
	}

	@Bean
	UserEventsConsumer userEventsConsumer(KnownUsers users, JsonMapper json, TransactionTemplate transactions) {
		return new UserEventsConsumer(users, json, transactions);
	}

	@Bean
	EventSubscription userEventsSubscription(EventSubscriptions subscriptions, UserEventsConsumer consumer) {
		return subscriptions.subscribe(UserEvents.STREAM, CONSUMER_GROUP, consumer);
	}

}
