package com.bowwow.gateway.security;

import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.AccountProblem;
import com.bowwow.common.security.BearerTokens;
import com.bowwow.gateway.ratelimit.EdgeChecks;
import com.bowwow.gateway.ratelimit.RateLimits;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Admission for a token the cache already verified, the steady state of a phone: the
 * client's buckets, the user's standing and the user's bucket in one Redis round trip,
 * and no signature check. The admission filter in front of Spring Security and the
 * express lane both admit through here, so both refuse alike. The express lane also
 * verifies new tokens here, in the steps the full chain takes.
 */
public final class KnownTokens {

	private final VerifiedTokenCache cache;

	private final EdgeChecks checks;

	private final RateLimits rateLimits;

	KnownTokens(VerifiedTokenCache cache, EdgeChecks checks, RateLimits rateLimits) {
		this.cache = cache;
		this.checks = checks;
		this.rateLimits = rateLimits;
	}

	/**
	 * The bearer token of an {@code Authorization} header.
	 * @param authorization the header's value, or {@code null}
	 * @return the token, or {@code null} (no header, another scheme, a malformed one)
	 */
	public static String bearer(String authorization) {
		try {
			return BearerTokens.fromAuthorizationHeader(authorization);
		}
		catch (RuntimeException malformed) {
			return null;
		}
	}

	/**
	 * A token and its user, if the cache holds the token verified; {@code null}
	 * otherwise.
	 */
	public Known ofToken(String token) {
		Jwt jwt = this.cache.peek(token);
		if (jwt == null) {
			return null;
		}
		try {
			return new Known(token, UserId.parse(jwt.getSubject()));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Takes from the client's and the user's buckets and checks the user's standing.
	 * Completes on Redis's I/O thread when the request may pass; otherwise fails with the
	 * problem the client gets (429, 401 revoked, 403 suspended, 503 when Redis cannot
	 * tell).
	 */
	public Mono<Void> admit(Known known, List<EdgeChecks.Bucket> client) {
		return this.checks.check(client, known.user(), this.rateLimits.userBuckets(known.user()))
			.onErrorMap(RateLimits::standingUnavailable)
			.flatMap((verdict) -> switch (verdict.outcome()) {
				case ALLOWED -> Mono.<Void>empty();
				case LIMITED -> Mono.<Void>error(this.rateLimits.refusal(verdict));
				case REVOKED -> Mono.<Void>error(Unauthorized.invalidToken());
				case SUSPENDED -> Mono.<Void>error(suspended());
				case UNKNOWN -> Mono.<Void>error(RateLimits.standingUnknown());
			});
	}

	/**
	 * Takes from the client's buckets alone, as the full chain does before it checks a
	 * new token's signature (so floods of bad tokens are limited too). Completes off
	 * Redis's I/O threads when the request may pass; a 429 otherwise; lets the request
	 * through when Redis fails (the standing check that follows answers 503 then).
	 */
	public Mono<Void> admitClient(List<EdgeChecks.Bucket> client) {
		return this.rateLimits.enforce(this.rateLimits.limitsOnly(this.checks.check(client, null, List.of())));
	}

	/**
	 * Checks the signature and claims of a token the cache does not hold, and remembers
	 * it, exactly as the full chain's decoder does. The user's standing is not checked:
	 * {@link #admit} with no client buckets does that next.
	 * @return the token and its user; empty when the token is not valid, or anything else
	 * went wrong (the full chain then decides, and answers as always)
	 */
	public Mono<Known> verify(String token) {
		return this.cache.decode(token)
			.map((jwt) -> new Known(token, UserId.parse(jwt.getSubject())))
			.onErrorResume((invalid) -> Mono.empty());
	}

	static ApiException suspended() {
		// A valid token: 403, so the client keeps it for when the suspension ends.
		return new ApiException(AccountProblem.ACCOUNT_SUSPENDED, "This account is suspended");
	}

	/**
	 * A bearer token the cache verified, and its user.
	 *
	 * @param token the token
	 * @param user its subject
	 */
	public record Known(String token, UserId user) {
	}

}
