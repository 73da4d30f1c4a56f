package com.bowwow.gateway.security;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.security.AccessTokens;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Refuses the tokens of deleted users: user-service marks them in Redis with
 * {@code bowwow:revoked-user:<userID>} for as long as any of their tokens could still be
 * valid.
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
		return this.redis.hasKey(AccessTokens.revokedUserKey(user))
			// Off Redis's I/O threads, as in RateLimits.
			.publishOn(Schedulers.parallel())
			// Fail closed: without Redis the gateway cannot tell whether the user was
			// deleted, so it answers 503 (retryable) rather than letting the token
			// through.
			.onErrorMap((ex) -> new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
					"Access tokens cannot be checked right now; please retry shortly", ex)
				.header("Retry-After", "5"))
			.flatMap((revoked) -> Boolean.TRUE.equals(revoked)
					? Mono.error(new BadJwtException("The token's user no longer exists")) : Mono.just(jwt));
	}

}
