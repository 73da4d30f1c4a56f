package com.bowwow.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers tokens whose signature and claims were verified, until they expire (at most
 * {@link #MAX_AGE}, so that a verification key taken out of the set stops being honoured
 * soon after). A phone presents the same token for days, and the ES256 check was the
 * largest single cost of a request at the gateway. Only successes are remembered; the
 * revocation check still runs on every request. Bounded: a full cache starts over.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	static final Duration MAX_AGE = Duration.ofMinutes(5);

	private final ReactiveJwtDecoder delegate;

	private final int maxEntries;

	private final Clock clock;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	VerifiedTokenCache(ReactiveJwtDecoder delegate, int maxEntries, Clock clock) {
		this.delegate = delegate;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Entry entry = this.entries.get(token);
		if (entry != null) {
			if (this.clock.instant().isBefore(entry.until())) {
				return Mono.just(entry.jwt());
			}
			this.entries.remove(token, entry);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> remember(token, jwt));
	}

	private void remember(String token, Jwt jwt) {
		Instant now = this.clock.instant();
		Instant until = now.plus(MAX_AGE);
		if (jwt.getExpiresAt() == null) {
			return;
		}
		if (jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		if (this.entries.size() >= this.maxEntries) {
			this.entries.clear();
		}
		this.entries.put(token, new Entry(jwt, until));
	}

	int size() {
		return this.entries.size();
	}

	private record Entry(Jwt jwt, Instant until) {
	}

}
