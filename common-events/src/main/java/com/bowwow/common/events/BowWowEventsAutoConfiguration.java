package com.bowwow.common.events;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stream consumers for every service with Redis; the outbox and its relay for services
 * that publish ({@code bowwow.events.outbox.enabled=true}).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(StringRedisTemplate.class)
@EnableConfigurationProperties(EventsProperties.class)
public class BowWowEventsAutoConfiguration {

	@Bean
	@ConditionalOnBean(StringRedisTemplate.class)
	EventSubscriptions eventSubscriptions(StringRedisTemplate redis, EventsProperties properties,
			Environment environment, Clock clock, ObjectProvider<EventMetrics> metrics,
			ObjectProvider<ConsumerPositions> positions) {
		return new EventSubscriptions(redis, properties,
				environment.getProperty("spring.application.name", "application"), clock,
				metrics.getIfAvailable(() -> EventMetrics.NONE),
				positions.getIfAvailable(() -> ConsumerPositions.NONE));
	}

	/**
	 * Consumers keep their groups' positions in the service's own database, when it has
	 * one, so that a group Redis lost resumes where it was. A configuration of its own: a
	 * service without spring-jdbc (the gateway) must never see {@code JdbcTemplate} in a
	 * bean method's signature.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	static class ConsumerPositionsConfiguration {

		@Bean
		@ConditionalOnBean(JdbcTemplate.class)
		ConsumerPositions consumerPositions(JdbcTemplate jdbc, EventsProperties properties) {
			return new ConsumerPositions(jdbc, properties.consumer().positionsTable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		EventMetrics micrometerEventMetrics(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registries) {
			io.micrometer.core.instrument.MeterRegistry registry = registries.getIfUnique();
			return (registry != null) ? new MicrometerEventMetrics(registry) : EventMetrics.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	@ConditionalOnProperty(name = "bowwow.events.outbox.enabled", havingValue = "true")
	static class OutboxConfiguration {

		@Bean
		OutboxRelay outboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
				StringRedisTemplate redis, EventsProperties properties, Clock clock,
				ObjectProvider<EventMetrics> metrics) {
			return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), redis, properties, clock,
					metrics.getIfAvailable(() -> EventMetrics.NONE));
		}

		@Bean
		EventOutbox eventOutbox(JdbcTemplate jdbc, JsonMapper json, EventsProperties properties, OutboxRelay relay) {
			return new EventOutbox(jdbc, json, properties.outbox().table(), relay::wakeUp);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
		static class OutboxMetricsConfiguration {

			@Bean
			io.micrometer.core.instrument.binder.MeterBinder outboxBacklogMetrics(OutboxRelay relay) {
				return MicrometerEventMetrics.outboxBacklog(relay);
			}

		}

	}

}
