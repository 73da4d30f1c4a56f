package com.bowwow.signal.sending;

import java.time.Clock;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.internal.InternalHttp;
import com.bowwow.common.internal.ServiceTokens;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.PropagationMetrics;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.PropagationProperties;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.propagation.TravellingWaves;
import com.bowwow.signal.propagation.WaveStore;
import com.bowwow.signal.users.KnownUsers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SendingProperties.class)
class SendingConfiguration {

	@Bean
	Cooldowns cooldowns(JdbcClient jdbc, SendingProperties properties) {
		return new Cooldowns(jdbc, properties.cooldown());
	}

	/**
	 * The one client for location-service's internal API, shared by sending and
	 * responding; every request carries a service token for location-service.
	 */
	@Bean
	RestClient locationServiceClient(RestClient.Builder builder, SendingProperties properties,
			ServiceTokens serviceTokens) {
		JdkClientHttpRequestFactory requests = InternalHttp.requestFactory(properties.locationTimeout());
		return builder.baseUrl(properties.locationServiceUrl().toString())
			.requestFactory(requests)
			.requestInterceptor(serviceTokens.interceptor("location-service"))
			.build();
	}

	@Bean
	NearbyUsersClient nearbyUsersClient(RestClient locationServiceClient) {
		return new NearbyUsersClient(locationServiceClient);
	}

	@Bean
	SafeAudience safeAudience(SafetyReads safety) {
		return new SafeAudience(safety);
	}

	@Bean
	LateArrivals lateArrivals(NearbyUsersClient nearby, WaveStore waves, PropagationEngine engine,
			SafeAudience audience, SendingProperties properties, Clock clock, TravellingWaves travelling,
			Signals signals, EventOutbox outbox, TransactionTemplate transactions, PropagationMetrics metrics) {
		// the sender's read of the rest is bounded by location-service's timeout
		return new LateArrivals(nearby, waves, engine, audience, properties.lateArrivalsInterval(), clock, travelling,
				signals, outbox, transactions, properties.locationTimeout().plus(properties.lateArrivalsInterval()),
				metrics);
	}

	@Bean
	SignalSender signalSender(KnownUsers users, Cooldowns cooldowns, NearbyUsersClient nearby, WaveStore waves,
			EventOutbox outbox, PropagationEngine engine, LateArrivals lateArrivals, SafeAudience audience,
			PropagationProperties propagation, TransactionTemplate transactions, Clock clock,
			PropagationMetrics metrics, SendingProperties properties) {
		return new SignalSender(users, cooldowns, nearby, waves, outbox, engine, lateArrivals, audience, propagation,
				transactions, clock, metrics, properties.firstAudience());
	}

	@Bean
	SendPathWarmup sendPathWarmup(JsonMapper jsonMapper, NearbyUsersClient nearby, SafeAudience audience,
			WaveStore waves, Signals signals, LateArrivals lateArrivals, TravellingWaves travelling, EventOutbox outbox,
			TransactionTemplate transactions, PropagationProperties propagation, Clock clock,
			SendingProperties properties) {
		return new SendPathWarmup(jsonMapper, nearby, audience, waves, signals, lateArrivals, travelling, outbox,
				transactions, propagation, clock, SignalSender.restRing(properties.firstAudience()));
	}

}
