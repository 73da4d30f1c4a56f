package com.bowwow.gateway.security;

import java.time.Clock;
import java.time.Duration;

import com.bowwow.common.security.VerifiedTokens;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The gateway's reactive face of {@link VerifiedTokens}: a token verified once is not
 * verified again until it expires or {@link #MAX_AGE} passes.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	static final Duration MAX_AGE = VerifiedTokens.MAX_AGE;

	private final ReactiveJwtDecoder delegate;

	private final VerifiedTokens tokens;

	VerifiedTokenCache(ReactiveJwtDecoder delegate, int maxEntries, Clock clock) {
		this.delegate = delegate;
		this.tokens = new VerifiedTokens(maxEntries, clock);
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = peek(token);
		if (known != null) {
			return Mono.just(known);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> this.tokens.remember(token, jwt));
	}

	/** The verified token if it is remembered and still valid, without verifying it. */
	Jwt peek(String token) {
		return this.tokens.peek(token);
	}

	int size() {
		return this.tokens.size();
	}

}
