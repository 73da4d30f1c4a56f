package com.bowwow.common.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Remembers access tokens whose signature and claims were verified, until they expire (at
 * most {@link #MAX_AGE}, so that a verification key taken out of the set stops being
 * honoured soon after). A phone presents the same token for days, and the ES256 check was
 * the largest single cost of a request at the gateway and in every service behind it.
 * Only successes are remembered; the user's standing (revocation, suspension) is still
 * checked on every request. Bounded by size (least valuable entries go first, never the
 * whole cache at once) and by age.
 * <p>
 * An entry keeps what the services read of a token (its subject, issue and expiry times),
 * not the decoded token: that is a quarter of the memory (about 0.6 KiB with the token's
 * own text, against 2 KiB), and location-service holds one for every stream opened in the
 * last five minutes. A remembered token therefore decodes to a {@link Jwt} with just
 * those claims.
 */
public final class VerifiedTokens {

	/** The longest a verification is trusted without checking the signature again. */
	public static final Duration MAX_AGE = Duration.ofMinutes(5);

	/**
	 * Verified tokens a process keeps, at most (about 0.6 KiB each: 6 MiB at most of a
	 * 512 MiB task).
	 */
	public static final int DEFAULT_MAX_ENTRIES = 10_000;

	private static final String ALGORITHM = "alg";

	private final Clock clock;

	private final Cache<String, Entry> entries;

	public VerifiedTokens(int maxEntries, Clock clock) {
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(MAX_AGE)
			.ticker(() -> nanos(clock.instant()))
			// Evict on the caller's thread: no pool hop on the request path.
			.executor(Runnable::run)
			.build();
	}

	/**
	 * A decoder that verifies a token only when it is not remembered.
	 * @param delegate the verifying decoder
	 * @return the remembering decoder
	 */
	public JwtDecoder remembering(JwtDecoder delegate) {
		return (token) -> {
			Jwt known = peek(token);
			if (known != null) {
				return known;
			}
			Jwt verified = delegate.decode(token);
			remember(token, verified);
			return verified;
		};
	}

	/**
	 * The verified token if it is remembered and still valid, without verifying it.
	 * @param token the compact token
	 * @return the verified token, or null
	 */
	public Jwt peek(String token) {
		Entry entry = this.entries.getIfPresent(token);
		if (entry == null) {
			return null;
		}
		if (!this.clock.instant().isBefore(entry.until())) {
			this.entries.asMap().remove(token, entry);
			return null;
		}
		return Jwt.withTokenValue(token)
			.header(ALGORITHM, entry.algorithm())
			.subject(entry.subject())
			.issuedAt(entry.issuedAt())
			.expiresAt(entry.expiresAt())
			.build();
	}

	/**
	 * Remembers a token its decoder has just verified (a token without expiry never).
	 * @param token the compact token
	 * @param jwt what verifying it gave
	 */
	public void remember(String token, Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			return;
		}
		Instant until = this.clock.instant().plus(MAX_AGE);
		if (jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		this.entries.put(token, new Entry(jwt.getHeaders().getOrDefault(ALGORITHM, "none"), jwt.getSubject(),
				jwt.getIssuedAt(), jwt.getExpiresAt(), until));
	}

	/** How many tokens are remembered now. */
	public int size() {
		this.entries.cleanUp();
		return (int) this.entries.estimatedSize();
	}

	private static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

	private record Entry(Object algorithm, String subject, Instant issuedAt, Instant expiresAt, Instant until) {
	}

}
