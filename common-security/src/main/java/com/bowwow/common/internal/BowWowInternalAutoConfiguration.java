package com.bowwow.common.internal;

import java.time.Clock;

import com.bowwow.common.security.BowWowSecurityAutoConfiguration;
import com.bowwow.common.security.DeploymentEnvironment;
import com.bowwow.common.web.ProblemWriter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * Service tokens for every service that calls another ({@link ServiceTokens}) and, in
 * every servlet service, the security filter chain of {@code /internal/**}, ordered
 * before the user and operator chains so that nothing else ever decides there.
 */
@AutoConfiguration(after = BowWowSecurityAutoConfiguration.class)
@ConditionalOnClass(ECKey.class)
@EnableConfigurationProperties(InternalProperties.class)
public class BowWowInternalAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(BowWowInternalAutoConfiguration.class);

	/**
	 * Token times are agreed between machines, so they follow the wall clock, never a
	 * service's own {@code Clock} bean (which tests move).
	 */
	private static final Clock WALL_CLOCK = Clock.systemUTC();

	@Bean
	@ConditionalOnMissingBean
	ServiceTokens serviceTokens(InternalProperties properties, Environment environment) {
		String service = serviceName(properties, environment);
		ECKey key = ServiceKeys
			.signingKey(value(properties.signingKey(), environment, ServiceKeys.SIGNING_VARIABLE), service,
					DeploymentEnvironment.of(environment))
			.orElse(null);
		if (key != null && key.getKeyID().endsWith(":" + DevelopmentServiceKeys.LABEL)) {
			log.warn("Signing service tokens with the committed development key '{}': local use only", key.getKeyID());
		}
		return new ServiceTokens(service, key, properties.tokenLifetime(), WALL_CLOCK);
	}

	static String serviceName(InternalProperties properties, Environment environment) {
		String name = properties.serviceName();
		if (name == null || name.isBlank()) {
			name = environment.getProperty("spring.application.name");
		}
		if (name == null || name.isBlank()) {
			throw new IllegalStateException(
					"bowwow.internal.service-name (or spring.application.name) must name this service");
		}
		return name.trim();
	}

	/** The property, or else the deployment's variable. */
	static String value(String property, Environment environment, String variable) {
		return (property != null && !property.isBlank()) ? property : environment.getProperty(variable);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(HttpSecurity.class)
	static class InternalEndpointSecurity {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE - 30)
		SecurityFilterChain bowWowInternalSecurity(HttpSecurity http, InternalProperties properties,
				Environment environment, ProblemWriter problemWriter) throws Exception {
			String service = serviceName(properties, environment);
			InternalAccess access = InternalAccess.of(properties.access());
			DeploymentEnvironment deployment = DeploymentEnvironment.of(environment);
			JWKSet keys;
			if (access.isEmpty() && deployment.isProduction()
					&& value(properties.verificationKeys(), environment, ServiceKeys.VERIFICATION_VARIABLE) == null) {
				// No internal endpoints: nobody to verify, everything under /internal/ is
				// refused anyway.
				keys = new JWKSet();
			}
			else {
				keys = ServiceKeys.verificationKeys(
						value(properties.verificationKeys(), environment, ServiceKeys.VERIFICATION_VARIABLE),
						deployment);
			}
			ServiceTokenVerifier verifier = new ServiceTokenVerifier(service, keys, WALL_CLOCK, properties.clockSkew(),
					properties.maxTokenLifetime());
			http.securityMatcher("/internal/**")
				.csrf(AbstractHttpConfigurer::disable)
				.httpBasic(AbstractHttpConfigurer::disable)
				.formLogin(AbstractHttpConfigurer::disable)
				.logout(AbstractHttpConfigurer::disable)
				.requestCache(AbstractHttpConfigurer::disable)
				.anonymous(AbstractHttpConfigurer::disable)
				.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(ServiceTokenFilter.ROLE))
				// the filter answers every refusal itself; this is only a backstop
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
				.addFilterBefore(new ServiceTokenFilter(verifier, access, problemWriter),
						AnonymousAuthenticationFilter.class);
			return http.build();
		}

	}

}
