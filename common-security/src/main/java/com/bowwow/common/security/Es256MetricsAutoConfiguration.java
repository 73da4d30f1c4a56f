package com.bowwow.common.security;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Counts the ES256 signatures each process checks ({@link Es256#checks()}), in every
 * service and the gateway: with the verified-token caches working it follows the number
 * of active users (one check per user and five minutes), not the request rate.
 */
@AutoConfiguration
@ConditionalOnClass(MeterBinder.class)
public class Es256MetricsAutoConfiguration {

	/**
	 * The counter's name ({@code bowwow_security_signature_checks_total} in Prometheus).
	 */
	public static final String CHECKS = "bowwow.security.signature.checks";

	@Bean
	MeterBinder es256Checks() {
		return (registry) -> FunctionCounter.builder(CHECKS, Es256.class, (es256) -> Es256.checks())
			.description("ES256 signatures this process checked (access and service tokens)")
			.register(registry);
	}

}
