package com.bowwow.push.export;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

	@Bean
	PushExport pushExport(JdbcTemplate jdbc) {
		return new PushExport(jdbc);
	}

}
