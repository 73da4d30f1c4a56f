package com.bowwow.analytics.ingest;

import com.bowwow.common.events.EventSubscription;
import com.bowwow.common.events.EventSubscriptions;
import com.bowwow.location.api.LocationEvents;
import com.bowwow.push.api.PushEvents;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.user.api.UserEvents;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	static final String CONSUMER_GROUP = "analytics-service";

	@Bean
	Aggregates aggregates(JdbcTemplate jdbc) {
		return new Aggregates(jdbc);
	}

	@Bean
	EventIngest eventIngest(Aggregates aggregates, TransactionTemplate transactions, MeterRegistry meters) {
		return new EventIngest(aggregates, transactions, meters);
	}

	@Bean
	EventSubscription analyticsUserEvents(EventSubscriptions subscriptions, JsonMapper json, EventIngest ingest) {
		return subscriptions.subscribe(UserEvents.DESCRIPTOR, CONSUMER_GROUP, json, ingest::apply);
	}

	@Bean
	EventSubscription analyticsLocationEvents(EventSubscriptions subscriptions, JsonMapper json, EventIngest ingest) {
		return subscriptions.subscribe(LocationEvents.DESCRIPTOR, CONSUMER_GROUP, json, ingest::apply);
	}

	@Bean
	EventSubscription analyticsSignalEvents(EventSubscriptions subscriptions, JsonMapper json, EventIngest ingest) {
		return subscriptions.subscribe(SignalEvents.DESCRIPTOR, CONSUMER_GROUP, json, ingest::apply);
	}

	@Bean
	EventSubscription analyticsPushEvents(EventSubscriptions subscriptions, JsonMapper json, EventIngest ingest) {
		return subscriptions.subscribe(PushEvents.DESCRIPTOR, CONSUMER_GROUP, json, ingest::apply);
	}

}
