package com.bowwow.push.delivery;

import java.time.Clock;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.events.EventSubscription;
import com.bowwow.common.events.EventSubscriptions;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.push.apns.PushSender;
import com.bowwow.push.users.UserServiceClient;
import com.bowwow.signal.api.SignalEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryProperties.class)
class DeliveryConfiguration {

	static final String CONSUMER_GROUP = "push-service";

	@Bean
	DeliveryStore deliveryStore(JdbcClient jdbc, JdbcTemplate batches) {
		return new DeliveryStore(jdbc, batches);
	}

	@Bean
	PushMetrics pushMetrics(MeterRegistry registry) {
		return new PushMetrics(registry);
	}

	@Bean
	MeterBinder pendingPushesGauge(DeliveryStore store) {
		return (registry) -> Gauge.builder("bowwow.push.pending", store, (s) -> {
			try {
				return s.pendingCount();
			}
			catch (RuntimeException ex) {
				return Double.NaN;
			}
		}).description("Pushes queued or waiting for a retry").register(registry);
	}

	@Bean(destroyMethod = "close")
	DeliveryAttempts deliveryAttempts(DeliveryStore store, UserServiceClient users, PushSender sender,
			EventOutbox outbox, TransactionTemplate transactions, PushMetrics metrics, DeliveryProperties properties,
			Clock clock, SafetyReads safety) {
		return new DeliveryAttempts(store, users, sender, outbox, transactions, metrics, properties, clock, safety);
	}

	@Bean
	ArrivalsConsumer arrivalsConsumer(DeliveryStore store, DeliveryAttempts attempts, TransactionTemplate transactions,
			Clock clock) {
		return new ArrivalsConsumer(store, attempts, transactions, clock);
	}

	@Bean
	EventSubscription arrivalsSubscription(EventSubscriptions subscriptions, JsonMapper json,
			ArrivalsConsumer consumer) {
		return subscriptions.subscribe(SignalEvents.DESCRIPTOR, CONSUMER_GROUP, json, consumer);
	}

	@Bean
	RetryWorker retryWorker(DeliveryStore store, DeliveryAttempts attempts, DeliveryProperties properties,
			Clock clock) {
		return new RetryWorker(store, attempts, properties, clock);
	}

}
