package com.bowwow.signal.reading;

import java.time.Clock;

import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.retention.RetentionProperties;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class ReadingConfiguration {

	@Bean
	SignalHistory signalHistory(JdbcClient jdbc, Signals signals, KnownUsers users, Clock clock, SafetyReads safety,
			RetentionProperties retention) {
		return new SignalHistory(jdbc, signals, users, clock, safety, retention);
	}

}
