package com.bowwow.signal.reading;

import java.time.Clock;

import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.retention.RetentionProperties;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ReadingConfiguration {

	@Bean
	SignalHistory signalHistory(JdbcTemplate jdbc, KnownUsers users, Clock clock, SafetyReads safety,
			RetentionProperties retention) {
		return new SignalHistory(jdbc, users, clock, safety, retention);
	}

}
