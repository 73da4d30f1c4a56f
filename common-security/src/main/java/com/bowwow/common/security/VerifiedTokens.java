package com.bowwow.common.security;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

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
 * not the decoded token, and is found by the token's SHA-256 digest, not its text: about
 * 0.2 KiB against 0.6 KiB with the text and 2 KiB with the decoded token, and
 * location-service holds one for every stream opened in the last five minutes. The cache
 * holds no bearer token for a heap dump to show (the web server's recycled request
 * buffers still hold recent requests' raw bytes until they are reused). A remembered
 * token therefore decodes to a {@link Jwt} with just those claims.
 */
public final class VerifiedTokens {

	/** The longest a verification is trusted without checking the signature again. */
	public static final Duration MAX_AGE = Duration.ofMinutes(5);

	private static final String ALGORITHM = "alg";

	private final Clock clock;

	private final Cache<Digest, Entry> entries;

	/**
	 * @param maxEntries how many verified tokens to keep at most, about 0.2 KiB each: a
	 * process that meets more distinct tokens within {@link #MAX_AGE} checks signatures
	 * again (the load balancer spreads every phone over every task, so each task meets
	 * nearly every active phone)
	 * @param clock the clock expiry is judged by
	 */
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
			Digest key = Digest.of(token);
			Jwt known = peek(key, token);
			if (known != null) {
				return known;
			}
			Jwt verified = delegate.decode(token);
			remember(key, verified);
			return verified;
		};
	}

	/**
	 * The verified token if it is remembered and still valid, without verifying it.
	 * @param token the compact token
	 * @return the verified token, or null
	 */
	public Jwt peek(String token) {
		return peek(Digest.of(token), token);
	}

	private Jwt peek(Digest key, String token) {
		Entry entry = this.entries.getIfPresent(key);
		if (entry == null) {
			return null;
		}
		if (!this.clock.instant().isBefore(entry.until())) {
			this.entries.asMap().remove(key, entry);
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
		remember(Digest.of(token), jwt);
	}

	private void remember(Digest key, Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			return;
		}
		Instant until = this.clock.instant().plus(MAX_AGE);
		if (jwt.getExpiresAt().isBefore(until)) {
			until = jwt.getExpiresAt();
		}
		this.entries.put(key, new Entry(jwt.getHeaders().getOrDefault(ALGORITHM, "none"), jwt.getSubject(),
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

	/** What the cache holds of each token, for tests. */
	Collection<?> keys() {
		return List.copyOf(this.entries.asMap().keySet());
	}

	/**
	 * A token's SHA-256 digest: collisions are out of reach, so it stands for the token.
	 */
	private record Digest(long first, long second, long third, long fourth) {

		private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

		static Digest of(String token) {
			byte[] digest = sha256().digest(token.getBytes(StandardCharsets.UTF_8));
			return new Digest((long) LONGS.get(digest, 0), (long) LONGS.get(digest, 8), (long) LONGS.get(digest, 16),
					(long) LONGS.get(digest, 24));
		}

		private static MessageDigest sha256() {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				// every Java platform must provide it
				throw new IllegalStateException(ex);
			}
		}

	}

	private record Entry(Object algorithm, String subject, Instant issuedAt, Instant expiresAt, Instant until) {
	}

}
