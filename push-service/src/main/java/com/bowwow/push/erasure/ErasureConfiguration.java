package com.bowwow.push.erasure;

import java.time.Clock;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.events.EventSubscription;
import com.bowwow.common.events.EventSubscriptions;
import com.bowwow.push.delivery.DeliveryStore;
import com.bowwow.user.api.UserEvents;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

	static final String CONSUMER_GROUP = "push-service";

	@Bean
	UserErasure userErasure(DeliveryStore store, EventOutbox outbox, TransactionTemplate transactions, Clock clock) {
		return new UserErasure(store, outbox, transactions, clock);
	}

	@Bean
	EventSubscription userDeletedSubscription(EventSubscriptions subscriptions, JsonMapper json, UserErasure erasure) {
		return subscriptions.subscribe(UserEvents.DESCRIPTOR, CONSUMER_GROUP, json, erasure);
	}

}
