package com.bowwow.signal.export;

import java.time.Clock;

import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.retention.RetentionProperties;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

	@Bean
	SignalExport signalExport(JdbcClient jdbc, Signals signals, KnownUsers users, RetentionProperties retention,
			Clock clock) {
		return new SignalExport(jdbc, signals, users, retention, clock);
	}

}
