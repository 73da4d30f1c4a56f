package com.bowwow.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.WebFilter;

/**
 * The gateway's rate limits: which buckets a request draws from (per client IP on every
 * API request, registration per IP, per user), and what a verdict of {@link EdgeChecks}
 * means for the client. A refusal is a 429 problem with {@code Retry-After} and is
 * counted in {@code bowwow.gateway.rate-limit.rejections} (tag {@code limit}). The
 * security package combines these buckets with the user's standing into one Redis round
 * trip per request.
 *
 * <p>
 * Paths are compared in their canonical form (the edge package rewrites every request to
 * it first), so percent-encoded variants draw from the same budgets.
 *
 * <p>
 * If Redis cannot be reached, checks that only involve limits let the request through
 * (counted in {@code bowwow.gateway.rate-limit.errors}): limits protect the services,
 * they must not become an outage of their own. Checks that involve a user's standing fail
 * closed (503).
 */
@Component
public class RateLimits {

	static final String REJECTIONS = "bowwow.gateway.rate-limit.rejections";

	static final String ERRORS = "bowwow.gateway.rate-limit.errors";

	public static final String API_PREFIX = "/api/v1/";

	/**
	 * The anonymous credential endpoints: registration and the refresh-token exchange
	 * share the stricter per-IP budget (guessing refresh tokens is as cheap as
	 * registering).
	 */
	private static final java.util.Set<String> CREDENTIAL_PATHS = java.util.Set.of("/api/v1/users/register",
			"/api/v1/users/token");

	private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

	private final EdgeChecks checks;

	private final RateLimitProperties properties;

	private final MeterRegistry meters;

	public RateLimits(EdgeChecks checks, RateLimitProperties properties, MeterRegistry meters) {
		this.checks = checks;
		this.properties = properties;
		this.meters = meters;
	}

	/** The per-client buckets of an API request: client IP, and registration. */
	public List<EdgeChecks.Bucket> clientBuckets(ServerHttpRequest request) {
		String path = request.getPath().value();
		if (!this.properties.enabled() || !path.startsWith(API_PREFIX)) {
			return List.of();
		}
		String ip = ClientAddress.of(request, this.properties.trustedProxies());
		List<EdgeChecks.Bucket> buckets = new ArrayList<>(2);
		buckets.add(new EdgeChecks.Bucket("ip", "ip:" + ip, this.properties.perIp()));
		if (HttpMethod.POST.equals(request.getMethod()) && CREDENTIAL_PATHS.contains(path)) {
			buckets.add(new EdgeChecks.Bucket("registration", "register:" + ip, this.properties.registrationPerIp()));
		}
		return buckets;
	}

	/** The bucket of an authenticated user. */
	public List<EdgeChecks.Bucket> userBuckets(UserId user) {
		return this.properties.enabled()
				? List.of(new EdgeChecks.Bucket("user", "user:" + user, this.properties.perUser())) : List.of();
	}

	/** Per client IP (and registration) only, failing open: for the operator chain. */
	public WebFilter perClient() {
		return (exchange,
				chain) -> enforce(limitsOnly(this.checks.check(clientBuckets(exchange.getRequest()), null, List.of())))
					.then(Mono.defer(() -> chain.filter(exchange)));
	}

	/**
	 * A check that involves only limits: continues off Redis's I/O threads, and lets the
	 * request through when Redis fails.
	 */
	public Mono<EdgeChecks.Verdict> limitsOnly(Mono<EdgeChecks.Verdict> check) {
		// Off Redis's I/O threads: what follows (token signature checks, routing) would
		// otherwise delay every other request's Redis replies.
		return check.publishOn(Schedulers.parallel()).onErrorResume((ex) -> {
			this.meters.counter(ERRORS).increment();
			log.warn("Rate limits not checked, Redis failed: {}", ex.toString());
			return Mono.just(EdgeChecks.Verdict.ALLOWED);
		});
	}

	/**
	 * A check that involves a user's standing: without Redis the gateway cannot tell
	 * whether the user was deleted or suspended, so it answers 503 (retryable) rather
	 * than letting the token through.
	 */
	public Mono<EdgeChecks.Verdict> standing(Mono<EdgeChecks.Verdict> check) {
		return check.publishOn(Schedulers.parallel()).onErrorMap(RateLimits::standingUnavailable);
	}

	/** The answer when Redis fails a check that involves a user's standing: 503. */
	public static ApiException standingUnavailable(Throwable cause) {
		return new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
				"Access tokens cannot be checked right now; please retry shortly", cause)
			.header("Retry-After", "5");
	}

	/**
	 * The answer to {@link EdgeChecks.Outcome#UNKNOWN}: Redis lost the markers, and
	 * user-service rebuilds them within about a second.
	 */
	public static ApiException standingUnknown() {
		return new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
				"Access tokens cannot be checked while their revocation list is rebuilt; please retry shortly")
			.header("Retry-After", "2");
	}

	/** Completes when the verdict allows the request; a 429 when a bucket was empty. */
	public Mono<Void> enforce(Mono<EdgeChecks.Verdict> verdict) {
		return verdict.flatMap(
				(v) -> (v.outcome() == EdgeChecks.Outcome.LIMITED) ? Mono.<Void>error(refusal(v)) : Mono.<Void>empty());
	}

	/** The 429 for a verdict that found an empty bucket, counted by limit. */
	public ApiException refusal(EdgeChecks.Verdict verdict) {
		this.meters.counter(REJECTIONS, "limit", verdict.limit()).increment();
		long seconds = verdict.retryAfterSeconds();
		return new ApiException(CommonProblem.RATE_LIMITED,
				"Too many requests (" + verdict.limit() + " limit); retry in " + seconds + " s")
			.with("retryAfterSeconds", seconds)
			.header("Retry-After", Long.toString(seconds));
	}

}
