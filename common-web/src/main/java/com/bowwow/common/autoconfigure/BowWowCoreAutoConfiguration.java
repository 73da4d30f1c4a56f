package com.bowwow.common.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import com.bowwow.common.health.ShutdownDrain;
import com.bowwow.common.json.BowWowJacksonModule;
import com.bowwow.common.json.StrictJson;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** What every BowWow application gets, servlet or reactive. */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public class BowWowCoreAutoConfiguration {

	@Bean
	BowWowJacksonModule bowWowJacksonModule() {
		return new BowWowJacksonModule();
	}

	@Bean
	JsonMapperBuilderCustomizer bowWowStrictJson() {
		return StrictJson::apply;
	}

	@Bean
	@ConditionalOnWebApplication
	ShutdownDrain shutdownDrain(ApplicationContext context, Environment environment) {
		return new ShutdownDrain(context,
				environment.getProperty("bowwow.shutdown.drain-delay", Duration.class, Duration.ZERO));
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
