package com.bowwow.common.autoconfigure;

import java.time.Clock;

import com.bowwow.common.json.BowWowJacksonModule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** What every BowWow application gets, servlet or reactive. */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public class BowWowCoreAutoConfiguration {

	@Bean
	BowWowJacksonModule bowWowJacksonModule() {
		return new BowWowJacksonModule();
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
