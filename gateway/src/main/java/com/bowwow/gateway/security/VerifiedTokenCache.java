package com.bowwow.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers tokens whose signature and claims were verified, until they expire (at most
 * {@link #MAX_AGE}, so that a verification key taken out of the set stops being honoured
 * soon after). A phone presents the same token for days, and the ES256 check was the
 * largest single cost of a request at the gateway. Only successes are remembered; the
 * user's standing is still checked on every request. A Caffeine cache bounded by size
 * (least valuable entries go first, never the whole cache at once) and by age.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	static final Duration MAX_AGE = Duration.ofMinutes(5);

	private final ReactiveJwtDecoder delegate;

	private final Clock clock;

	private final Cache<String, Entry> entries;

	VerifiedTokenCache(ReactiveJwtDecoder delegate, int maxEntries, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(MAX_AGE)
			.ticker(() -> nanos(clock.instant()))
			// Evict on the caller's thread: no pool hop on the request path.
			.executor(Runnable::run)
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = peek(token);
		if (known != null) {
			return Mono.just(known);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> remember(token, jwt));
	}

	/** The verified token if it is remembered and still valid, without verifying it. */
	Jwt peek(String token) {
		Entry entry = this.entries.getIfPresent(token);
		if (entry == null) {
			return null;
		}
		if (!this.clock.instant().isBefore(entry.until())) {
			this.entries.asMap().remove(token, entry);
			return null;
		}
		return entry.jwt();
	}

	private void remember(String token, Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			return;
		}
		Instant until = this.clock.instant().plus(MAX_AGE);
		if (jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		this.entries.put(token, new Entry(jwt, until));
	}

	int size() {
		this.entries.cleanUp();
		return (int) this.entries.estimatedSize();
	}

	private static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	private record Entry(Jwt jwt, Instant until) {
	}

}
