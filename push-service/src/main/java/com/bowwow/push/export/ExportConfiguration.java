package com.bowwow.push.export;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

	@Bean
	PushExport pushExport(JdbcClient jdbc) {
		return new PushExport(jdbc);
	}

}
