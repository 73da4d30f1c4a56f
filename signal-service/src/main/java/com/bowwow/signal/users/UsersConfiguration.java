package com.bowwow.signal.users;

import java.util.List;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.events.EventSubscription;
import com.bowwow.common.events.EventSubscriptions;
import com.bowwow.user.api.UserEvents;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class UsersConfiguration {

	static final String CONSUMER_GROUP = "signal-service";

	@Bean
	KnownUsers knownUsers(JdbcClient jdbc, List<UserDataEraser> erasers, TransactionTemplate transactions,
			EventOutbox outbox) {
		return new KnownUsers(jdbc, erasers, transactions, outbox);
	}

	/** Settings and deletions go to the shared projection (see {@link KnownUsers}). */
	@Bean
	EventSubscription userEventsSubscription(EventSubscriptions subscriptions, JsonMapper json, KnownUsers users) {
		return subscriptions.subscribe(UserEvents.DESCRIPTOR, CONSUMER_GROUP, json, users::apply);
	}

}
