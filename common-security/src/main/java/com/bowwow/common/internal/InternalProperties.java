package com.bowwow.common.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-to-service authentication ({@code bowwow.internal.*}). The key material also
 * comes from {@code SERVICE_SIGNING_KEY} and {@code SERVICE_VERIFICATION_KEYS} when the
 * properties are not set.
 *
 * @param serviceName this service's name: the {@code iss} of the tokens it signs and the
 * {@code aud} it accepts; empty means {@code spring.application.name}
 * @param signingKey {@code SERVICE_SIGNING_KEY}: this service's private EC P-256 JWK, key
 * ID {@code <serviceName>:<label>}; empty outside production means the committed
 * development key
 * @param verificationKeys {@code SERVICE_VERIFICATION_KEYS}: JWK Set of the public keys
 * of the services allowed to call this one, key IDs {@code <service>:<label>}; empty
 * outside production means the committed development keys
 * @param tokenLifetime how long a token this service signs is valid
 * @param maxTokenLifetime the longest {@code exp - iat} accepted from a caller
 * @param clockSkew tolerance for {@code exp}, {@code iat} and {@code nbf} between
 * machines
 * @param access which callers may call which internal paths; a path under
 * {@code /internal/} that no rule matches is refused to every caller
 */
@ConfigurationProperties("bowwow.internal")
public record InternalProperties(String serviceName, String signingKey, String verificationKeys,
		@DefaultValue("60s") Duration tokenLifetime, @DefaultValue("5m") Duration maxTokenLifetime,
		@DefaultValue("10s") Duration clockSkew, @DefaultValue List<Access> access) {

	/**
	 * @param path a path pattern under {@code /internal/} ({@code **} for any depth)
	 * @param callers the service names that may call it (any method)
	 */
	public record Access(String path, @DefaultValue List<String> callers) {

	}

}
