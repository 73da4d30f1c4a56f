package com.bowwow.signal.propagation;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PropagationProperties.class)
class PropagationConfiguration {

	@Bean
	PendingArrivals pendingArrivals(JdbcTemplate jdbc) {
		return new PendingArrivals(jdbc);
	}

	@Bean
	WaveStore waveStore(JdbcTemplate jdbc) {
		return new WaveStore(jdbc);
	}

	@Bean
	PropagationMetrics propagationMetrics(MeterRegistry registry) {
		return new PropagationMetrics(registry);
	}

	@Bean
	PropagationEngine propagationEngine(PendingArrivals pending, PropagationProperties properties,
			List<ArrivalObserver> observers, Clock clock) {
		return new PropagationEngine(pending, properties, observers, clock, PropagationEngine.newOwnerId());
	}

}
