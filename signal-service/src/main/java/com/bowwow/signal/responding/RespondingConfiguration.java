package com.bowwow.signal.responding;

import java.time.Clock;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.PropagationMetrics;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.PropagationProperties;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.propagation.WaveStore;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class RespondingConfiguration {

	@Bean
	PositionsClient positionsClient(RestClient locationServiceClient) {
		return new PositionsClient(locationServiceClient);
	}

	@Bean
	Responder responder(JdbcClient jdbc, Signals signals, KnownUsers users, PositionsClient positions, WaveStore waves,
			EventOutbox outbox, PropagationEngine engine, PropagationProperties propagation,
			TransactionTemplate transactions, Clock clock, PropagationMetrics metrics, SafetyReads safety) {
		return new Responder(jdbc, signals, users, positions, waves, outbox, engine, propagation, transactions, clock,
				metrics, safety);
	}

}
