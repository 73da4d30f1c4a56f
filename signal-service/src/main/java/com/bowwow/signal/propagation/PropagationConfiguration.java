package com.bowwow.signal.propagation;

import java.time.Clock;
import java.util.List;

import com.bowwow.common.security.SafetyReads;
import com.bowwow.common.events.EventOutbox;
import com.bowwow.signal.users.KnownUsers;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PropagationProperties.class)
class PropagationConfiguration {

	@Bean
	PendingArrivals pendingArrivals(JdbcClient jdbc) {
		return new PendingArrivals(jdbc);
	}

	@Bean
	Signals signals(JdbcClient jdbc) {
		return new Signals(jdbc);
	}

	@Bean
	WaveStore waveStore(JdbcClient jdbc, Signals signals) {
		return new WaveStore(jdbc, signals);
	}

	@Bean
	TravellingWaves travellingWaves(JdbcClient jdbc) {
		return new TravellingWaves(jdbc);
	}

	@Bean
	PropagationMetrics propagationMetrics(MeterRegistry registry) {
		return new PropagationMetrics(registry);
	}

	@Bean
	DeliveryEvents deliveryEvents(EventOutbox outbox) {
		return new DeliveryEvents(outbox);
	}

	@Bean
	SignalReceivedNotices signalReceivedNotices(StringRedisTemplate redis, KnownUsers users, JsonMapper json,
			MeterRegistry meters, Clock clock) {
		return new SignalReceivedNotices(redis, users, json, meters, clock);
	}

	@Bean
	SafetyGuard safetyGuard(SafetyReads safety) {
		return new SafetyGuard(safety);
	}

	@Bean
	PropagationEngine propagationEngine(PendingArrivals pending, PropagationProperties properties, SafetyGuard guard,
			SignalReceivedNotices notices, List<ArrivalEffect> effects, List<ArrivalObserver> observers,
			TransactionTemplate transactions, Clock clock) {
		return new PropagationEngine(pending, properties, guard, notices, effects, observers, transactions, clock,
				PropagationEngine.newOwnerId());
	}

}
