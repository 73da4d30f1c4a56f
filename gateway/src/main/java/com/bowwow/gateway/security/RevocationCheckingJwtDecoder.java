package com.bowwow.gateway.security;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.security.AccountProblem;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.SafetyReads;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Refuses the tokens of deleted users (401): user-service marks them in Redis with
 * {@code bowwow:revoked-user:<userID>} for as long as any of their tokens could still be
 * valid; and of suspended users (403 {@code ACCOUNT_SUSPENDED}): user-service keeps them
 * in {@link SafetyReads#SUSPENDED_KEY}. Both questions go to Redis together (Lettuce
 * pipelines them on its shared connection), so the suspension check adds no round trip.
 */
class RevocationCheckingJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final ReactiveStringRedisTemplate redis;

	RevocationCheckingJwtDecoder(ReactiveJwtDecoder delegate, ReactiveStringRedisTemplate redis) {
		this.delegate = delegate;
		this.redis = redis;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		return this.delegate.decode(token).flatMap(this::requireNotRevoked);
	}

	private Mono<Jwt> requireNotRevoked(Jwt jwt) {
		UserId user = UserId.parse(jwt.getSubject());
		Mono<Boolean> revoked = this.redis.hasKey(AccessTokens.revokedUserKey(user));
		Mono<Boolean> suspended = this.redis.opsForSet().isMember(SafetyReads.SUSPENDED_KEY, user.toString());
		return Mono.zip(revoked, suspended)
			// Off Redis's I/O threads, as in RateLimits.
			.publishOn(Schedulers.parallel())
			// Fail closed: without Redis the gateway cannot tell whether the user was
			// deleted or suspended, so it answers 503 (retryable) rather than letting the
			// token through.
			.onErrorMap((ex) -> new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
					"Access tokens cannot be checked right now; please retry shortly", ex)
				.header("Retry-After", "5"))
			.flatMap((standing) -> {
				if (Boolean.TRUE.equals(standing.getT1())) {
					return Mono.error(new BadJwtException("The token's user no longer exists"));
				}
				if (Boolean.TRUE.equals(standing.getT2())) {
					// A valid token: 403, so the client keeps it for when the suspension
					// ends.
					return Mono.error(new ApiException(AccountProblem.ACCOUNT_SUSPENDED, "This account is suspended"));
				}
				return Mono.just(jwt);
			});
	}

}
