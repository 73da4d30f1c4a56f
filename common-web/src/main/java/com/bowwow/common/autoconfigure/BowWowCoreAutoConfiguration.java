package com.bowwow.common.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import com.bowwow.common.health.ShutdownDrain;
import com.bowwow.common.json.BowWowJacksonModule;
import com.bowwow.common.json.StrictJson;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import io.lettuce.core.metrics.CommandLatencyRecorder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

	/**
	 * Lettuce records every command's latency in HdrHistograms of its own whenever
	 * LatencyUtils is on the class path (Micrometer brings it): about 5 MiB of heap per
	 * process (20 command types, four histograms each), a clock read and a histogram
	 * write per command, and a publisher nothing subscribes to. Nothing reads them:
	 * Lettuce's observations are off (service-defaults.yml), Redis latency comes from
	 * ElastiCache.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.lettuce.core.resource.ClientResources",
			"org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer" })
	static class LettuceDefaults {

		@Bean
		ClientResourcesBuilderCustomizer bowWowNoCommandLatencyRecorder() {
			return (builder) -> builder.commandLatencyRecorder(CommandLatencyRecorder.disabled());
		}

	}

}
