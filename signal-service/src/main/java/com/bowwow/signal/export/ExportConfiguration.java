package com.bowwow.signal.export;

import java.time.Clock;

import com.bowwow.signal.retention.RetentionProperties;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

	@Bean
	SignalExport signalExport(JdbcTemplate jdbc, KnownUsers users, RetentionProperties retention, Clock clock) {
		return new SignalExport(jdbc, users, retention, clock);
	}

}
