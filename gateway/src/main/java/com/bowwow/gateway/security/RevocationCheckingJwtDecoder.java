package com.bowwow.gateway.security;

import com.bowwow.common.id.UserId;
import com.bowwow.gateway.ratelimit.EdgeChecks;
import com.bowwow.gateway.ratelimit.RateLimits;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Verifies a token (through the cache) and, unless {@link EdgeAdmissionFilter} already
 * did for this request, checks the user's standing and takes from their rate-limit bucket
 * in one Redis round trip ({@link EdgeChecks}): deleted users' tokens are refused (401),
 * suspended users' with 403 {@code ACCOUNT_SUSPENDED}. This path runs only for a token
 * the cache did not know yet: about once per token every few minutes.
 */
class RevocationCheckingJwtDecoder implements ReactiveJwtDecoder {

	/** Reactor context key: the token whose standing the admission filter checked. */
	static final String CHECKED_TOKEN = RevocationCheckingJwtDecoder.class.getName() + ".checkedToken";

	private final ReactiveJwtDecoder delegate;

	private final EdgeChecks checks;

	private final RateLimits rateLimits;

	RevocationCheckingJwtDecoder(ReactiveJwtDecoder delegate, EdgeChecks checks, RateLimits rateLimits) {
		this.delegate = delegate;
		this.checks = checks;
		this.rateLimits = rateLimits;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		return this.delegate.decode(token)
			.flatMap((jwt) -> Mono.deferContextual((context) -> token.equals(context.getOrDefault(CHECKED_TOKEN, null))
					? Mono.just(jwt) : requireGoodStanding(jwt)));
	}

	private Mono<Jwt> requireGoodStanding(Jwt jwt) {
		UserId user = UserId.parse(jwt.getSubject());
		return this.rateLimits.standing(this.checks.check(java.util.List.of(), user, this.rateLimits.userBuckets(user)))
			.flatMap((verdict) -> switch (verdict.outcome()) {
				case ALLOWED -> Mono.just(jwt);
				case LIMITED -> Mono.error(this.rateLimits.refusal(verdict));
				case REVOKED -> Mono.error(new BadJwtException("The token's user no longer exists"));
				case SUSPENDED -> Mono.error(KnownTokens.suspended());
				case UNKNOWN -> Mono.error(RateLimits.standingUnknown());
			});
	}

}
