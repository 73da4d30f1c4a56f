package com.bowwow.common.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.web.ProblemWriter;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every servlet service is a stateless resource server for the access tokens user-service
 * issues. Public: {@code GET /health}, the error page and whatever the service lists in
 * {@code bowwow.security.public-paths} (user-service: registration). Everything under
 * {@code /api/} needs a valid token; {@code /internal/**} (service to service, never
 * routed by the gateway) is decided by its own chain ({@code com.bowwow.common.internal})
 * and denied here should that chain be missing; other paths have no handlers on the
 * public port (they answer 404) or are the management port's probes.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
				"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, JwtDecoder.class, BearerTokenAuthenticationFilter.class })
@EnableWebSecurity
@EnableConfigurationProperties(BowWowSecurityProperties.class)
public class BowWowSecurityAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(BowWowSecurityAutoConfiguration.class);

	/**
	 * Public in every service; a service adds its own in
	 * {@code bowwow.security.public-paths}.
	 */
	private static final List<RequestMatcher> ALWAYS_PUBLIC = List.of(
			PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/health"),
			PathPatternRequestMatcher.pathPattern("/error"));

	@Bean
	@ConditionalOnMissingBean
	VerificationKeys bowWowVerificationKeys(BowWowSecurityProperties properties, Environment environment) {
		VerificationKeys keys = VerificationKeys.parse(properties.jwt().verificationKeys(),
				DeploymentEnvironment.of(environment));
		if (keys.usesDevelopmentKey()) {
			log.warn("Accepting access tokens signed with the committed development key '{}': local use only",
					AccessTokens.DEV_KEY_ID);
		}
		return keys;
	}

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(VerificationKeys keys, BowWowSecurityProperties properties, Clock clock) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.jwkSet()))
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.jwtProcessorCustomizer((processor) -> processor.setJWSVerifierFactory(Es256.verifierFactory()))
			.build();
		Es256.warmUpInBackground();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.jwt().clockSkew());
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps,
				new JwtIssuerValidator(AccessTokens.ISSUER), new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						(audience) -> audience != null && audience.contains(AccessTokens.AUDIENCE))));
		return new VerifiedTokens(properties.jwt().verifiedTokens(), clock).remembering(decoder);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	static class RedisRevocationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(StringRedisTemplate.class)
		RevocationCheck revocationCheck(StringRedisTemplate redis) {
			return new RevocationCheck(redis);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(StringRedisTemplate.class)
		SafetyReads safetyReads(StringRedisTemplate redis) {
			return new SafetyReads(redis);
		}

	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 20)
	SecurityFilterChain bowWowOperatorSecurity(HttpSecurity http, BowWowSecurityProperties properties,
			Environment environment, ProblemWriter problemWriter) throws Exception {
		List<String> paths = properties.operator().paths();
		String token = properties.operator().token();
		if (!paths.isEmpty() && (token == null || token.isBlank())) {
			if (DeploymentEnvironment.of(environment).isProduction()) {
				throw new IllegalStateException(
						"OPERATOR_TOKEN must be set in production: " + paths + " are operator-only");
			}
			log.warn("OPERATOR_TOKEN is not set: operator endpoints {} refuse every request", paths);
		}
		if (!paths.isEmpty() && token != null && !token.isBlank() && token.trim().length() < 32
				&& DeploymentEnvironment.of(environment).isProduction()) {
			throw new IllegalStateException("OPERATOR_TOKEN is too short for production (at least 32 characters)");
		}
		RequestMatcher matcher = paths.isEmpty() ? (request) -> false : new OrRequestMatcher(
				paths.stream().map((path) -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(path)).toList());
		ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint(problemWriter);
		stateless(http).securityMatcher(matcher)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(OperatorTokenFilter.ROLE))
			.addFilterBefore(new OperatorTokenFilter(token), AnonymousAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 10)
	SecurityFilterChain bowWowUserSecurity(HttpSecurity http, JwtDecoder decoder,
			ObjectProvider<RevocationCheck> revocation, BowWowSecurityProperties properties, Environment environment,
			ProblemWriter problemWriter) throws Exception {
		RevocationCheck revocationCheck = revocation.getIfAvailable();
		if (revocationCheck == null) {
			if (DeploymentEnvironment.of(environment).isProduction()) {
				throw new IllegalStateException("Token revocation needs Redis; this service has no Redis connection");
			}
			log.warn("No Redis: tokens of deleted users are not refused by this service");
		}
		ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint(problemWriter);
		RequestMatcher publicPaths = publicPaths(properties.publicPaths());
		stateless(http).securityMatcher("/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(publicPaths)
				.permitAll()
				.requestMatchers("/api/**")
				.hasAuthority(UserAuthentication.ROLE)
				.requestMatchers("/internal/**")
				.denyAll()
				.anyRequest()
				.permitAll())
			.oauth2ResourceServer((server) -> server
				.bearerTokenResolver(new UpgradeAwareBearerTokenResolver(publicPaths))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.jwt((jwt) -> jwt.decoder(decoder).jwtAuthenticationConverter(new TokenToUser(revocationCheck))))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.addFilterBefore(new SecurityUnavailableFilter(problemWriter), BearerTokenAuthenticationFilter.class)
			.addFilterAfter(new UserLogContextFilter(), BearerTokenAuthenticationFilter.class);
		return http.build();
	}

	/** Paths that never need a token; a token sent there is ignored, not checked. */
	private static RequestMatcher publicPaths(List<BowWowSecurityProperties.PublicPath> configured) {
		List<RequestMatcher> matchers = new ArrayList<>(ALWAYS_PUBLIC);
		configured.forEach((path) -> matchers.add(PathPatternRequestMatcher.pathPattern(path.method(), path.path())));
		return new OrRequestMatcher(matchers);
	}

	private static HttpSecurity stateless(HttpSecurity http) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
	}

}
