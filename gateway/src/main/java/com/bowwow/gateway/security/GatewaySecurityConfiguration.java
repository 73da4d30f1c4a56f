package com.bowwow.gateway.security;

import java.time.Clock;
import java.util.List;

import com.bowwow.common.security.Es256;
import com.bowwow.common.security.DeploymentEnvironment;
import com.bowwow.common.security.VerificationKeys;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.gateway.edge.ProblemExceptionHandler;
import com.bowwow.gateway.ratelimit.EdgeChecks;
import com.bowwow.gateway.ratelimit.RateLimits;
import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Who may pass the edge. Everything under {@code /api/v1} needs a valid user access token
 * except registration, the refresh-token exchange and the API description; operator paths
 * (analytics, push operator endpoints, user-service's {@code /api/v1/operator/**}) need
 * an operator bearer credential checked by the owning service, except the dashboard,
 * which signs operators in itself; everything else ({@code /health}, Swagger UI, unknown
 * paths that end in 404) is public. Stateless: no session, no cookies, no CSRF.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class GatewaySecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GatewaySecurityConfiguration.class);

	/**
	 * Operator paths: analytics, push-service's delivery records and dead letters, and
	 * user-service's report queue and suspensions.
	 */
	static final String[] OPERATOR = { "/api/v1/analytics/**", "/api/v1/push/operator/**", "/api/v1/operator/**" };

	/** Paths where no user token is required (and any token sent is ignored). */
	static final ServerWebExchangeMatcher PUBLIC = new OrServerWebExchangeMatcher(
			ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/api/v1/users/register", "/api/v1/users/token"),
			ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, "/api/v1/docs", "/api/v1/docs/**"),
			new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/api/v1/**")));

	/**
	 * The same key rules as every service (common's {@link VerificationKeys}): empty
	 * means the committed development key outside production, and production refuses both
	 * a missing set and the development key.
	 */
	@Bean
	JWKSet accessTokenVerificationKeys(JwtVerificationProperties properties, Environment environment) {
		VerificationKeys keys = VerificationKeys.parse(properties.verificationKeys(),
				DeploymentEnvironment.of(environment));
		if (keys.usesDevelopmentKey()) {
			log.warn("Accepting access tokens signed with the committed development key: local use only");
		}
		return keys.jwkSet();
	}

	@Bean
	VerifiedTokenCache verifiedTokenCache(JWKSet accessTokenVerificationKeys, JwtVerificationProperties properties,
			Clock clock) {
		Es256.warmUpInBackground();
		return new VerifiedTokenCache(AccessTokenDecoders.signatureAndClaims(accessTokenVerificationKeys, properties),
				properties.verifiedTokens(), clock);
	}

	@Bean
	ReactiveJwtDecoder accessTokenDecoder(VerifiedTokenCache verifiedTokenCache, EdgeChecks checks,
			RateLimits rateLimits) {
		return new RevocationCheckingJwtDecoder(verifiedTokenCache, checks, rateLimits);
	}

	@Bean
	KnownTokens knownTokens(VerifiedTokenCache verifiedTokenCache, EdgeChecks checks, RateLimits rateLimits) {
		return new KnownTokens(verifiedTokenCache, checks, rateLimits);
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.allowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOriginPatterns(properties.allowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
			cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-Id"));
			cors.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "WWW-Authenticate", "Location"));
			// Bearer tokens, never cookies: credentials mode is not needed.
			cors.setAllowCredentials(false);
			cors.setMaxAge(properties.maxAge());
			source.registerCorsConfiguration("/**", cors);
		}
		return source;
	}

	/**
	 * Spring Security's firewall refuses unknown methods and control characters in
	 * headers with an empty 400; answer with a problem like every other refusal. The
	 * reason is not echoed: it quotes client text.
	 */
	@Bean
	ServerExchangeRejectedHandler problemExchangeRejectedHandler(ProblemExceptionHandler problems) {
		return (exchange, ex) -> problems.handle(exchange, new ApiException(CommonProblem.BAD_REQUEST,
				"The request was rejected: its method, a header or " + "the host is not allowed"));
	}

	/**
	 * Spring Security's strict firewall, its character rules checked without regular
	 * expressions ({@link FirewallCharacters}): the same answers.
	 */
	@Bean
	ServerWebExchangeFirewall strictFirewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(FirewallCharacters::assignedAndNotControl);
		firewall.setAllowedHeaderValues(FirewallCharacters::headerValue);
		firewall.setAllowedParameterNames(FirewallCharacters::assignedAndNotControl);
		return firewall;
	}

	@Bean
	ProblemCorsWebFilter problemCorsWebFilter(CorsConfigurationSource corsConfigurationSource) {
		return new ProblemCorsWebFilter(corsConfigurationSource);
	}

	@Bean
	@Order(0)
	SecurityWebFilterChain operatorChain(ServerHttpSecurity http, RateLimits rateLimits) {
		return stateless(http).securityMatcher(ServerWebExchangeMatchers.pathMatchers(OPERATOR))
			.addFilterBefore(rateLimits.perClient(), SecurityWebFiltersOrder.AUTHENTICATION)
			.addFilterAt(new OperatorCredentialFilter(), SecurityWebFiltersOrder.AUTHENTICATION)
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.build();
	}

	@Bean
	@Order(1)
	SecurityWebFilterChain apiChain(ServerHttpSecurity http, RateLimits rateLimits, KnownTokens knownTokens,
			ReactiveJwtDecoder accessTokenDecoder) {
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
		AccessTokenConverter tokens = new AccessTokenConverter(PUBLIC);
		return stateless(http)
			.addFilterBefore(new EdgeAdmissionFilter(tokens, knownTokens, rateLimits),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenConverter(tokens)
				.authenticationEntryPoint(entryPoint)
				.jwt((jwt) -> jwt.jwtDecoder(accessTokenDecoder)))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.authorizeExchange((exchanges) -> exchanges.matchers(PUBLIC).permitAll().anyExchange().authenticated())
			.addFilterAt(new AuthenticatedUserFilter(), SecurityWebFiltersOrder.LAST)
			.build();
	}

	private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// CORS is handled in front of both chains (ProblemCorsWebFilter).
			.cors(ServerHttpSecurity.CorsSpec::disable);
	}

}
