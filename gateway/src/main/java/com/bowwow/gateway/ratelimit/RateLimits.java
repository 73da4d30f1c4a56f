package com.bowwow.gateway.ratelimit;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.WebFilter;

/**
 * The gateway's rate limits as web filters for the security chains: {@link #perClient()}
 * runs before authentication (so floods of bad tokens are limited too),
 * {@link #perUser()} after it. A refusal is a 429 problem with {@code Retry-After} and is
 * counted in {@code bowwow.gateway.rate-limit.rejections} (tag {@code limit}).
 *
 * <p>
 * If Redis cannot be reached the request is let through (counted in
 * {@code bowwow.gateway.rate-limit.errors}): limits protect the services, they must not
 * become an outage of their own.
 */
@Component
public class RateLimits {

	static final String REJECTIONS = "bowwow.gateway.rate-limit.rejections";

	static final String ERRORS = "bowwow.gateway.rate-limit.errors";

	private static final String API_PREFIX = "/api/v1/";

	private static final String REGISTER_PATH = "/api/v1/users/register";

	private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

	private final TokenBuckets buckets;

	private final RateLimitProperties properties;

	private final MeterRegistry meters;

	public RateLimits(TokenBuckets buckets, RateLimitProperties properties, MeterRegistry meters) {
		this.buckets = buckets;
		this.properties = properties;
		this.meters = meters;
	}

	/** Per client IP on every API request, plus the registration budget. */
	public WebFilter perClient() {
		return (exchange, chain) -> {
			ServerHttpRequest request = exchange.getRequest();
			if (!this.properties.enabled() || !request.getPath().value().startsWith(API_PREFIX)) {
				return chain.filter(exchange);
			}
			String ip = ClientAddress.of(request, this.properties.trustedProxies());
			Mono<Void> checks = take("ip", "ip:" + ip, this.properties.perIp());
			if (HttpMethod.POST.equals(request.getMethod()) && REGISTER_PATH.equals(request.getPath().value())) {
				checks = checks.then(take("registration", "register:" + ip, this.properties.registrationPerIp()));
			}
			return checks.then(Mono.defer(() -> chain.filter(exchange)));
		};
	}

	/** Per authenticated user; requests without a user token are not counted here. */
	public WebFilter perUser() {
		return (exchange, chain) -> {
			if (!this.properties.enabled()) {
				return chain.filter(exchange);
			}
			return ReactiveSecurityContextHolder.getContext()
				.map(SecurityContext::getAuthentication)
				.filter(JwtAuthenticationToken.class::isInstance)
				.flatMap((user) -> take("user", "user:" + user.getName(), this.properties.perUser()).thenReturn(user))
				.then(Mono.defer(() -> chain.filter(exchange)));
		};
	}

	private Mono<Void> take(String limitName, String key, RateLimitProperties.Limit limit) {
		// Continue off Redis's I/O threads: what follows (token signature checks,
		// routing)
		// would otherwise delay every other request's Redis replies.
		return this.buckets.take(key, limit).publishOn(Schedulers.parallel()).onErrorResume((ex) -> {
			this.meters.counter(ERRORS).increment();
			log.warn("Rate limit {} not checked, Redis failed: {}", limitName, ex.toString());
			return Mono.empty();
		}).flatMap((decision) -> {
			if (decision.allowed()) {
				return Mono.<Void>empty();
			}
			this.meters.counter(REJECTIONS, "limit", limitName).increment();
			long seconds = decision.retryAfterSeconds();
			return Mono.error(new ApiException(CommonProblem.RATE_LIMITED,
					"Too many requests (" + limitName + " limit); retry in " + seconds + " s")
				.with("retryAfterSeconds", seconds)
				.header("Retry-After", Long.toString(seconds)));
		});
	}

}
