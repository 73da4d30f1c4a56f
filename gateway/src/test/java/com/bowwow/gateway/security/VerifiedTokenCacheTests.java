package com.bowwow.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cache in front of the signature check: what it may remember, and for how long. The
 * decoder behind it stands in for the ES256 check, counting how often it runs.
 */
class VerifiedTokenCacheTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T12:00:00Z"));

	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return VerifiedTokenCacheTests.this.now.get();
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	};

	private final AtomicInteger verifications = new AtomicInteger();

	private final ReactiveJwtDecoder verifier = (token) -> {
		this.verifications.incrementAndGet();
		if (token.startsWith("bad")) {
			return Mono.error(new BadJwtException("Invalid access token"));
		}
		Instant issued = this.now.get();
		Instant expires = token.startsWith("short") ? issued.plusSeconds(60) : issued.plus(Duration.ofDays(7));
		return Mono.just(Jwt.withTokenValue(token)
			.header("alg", "ES256")
			.subject("user")
			.issuedAt(issued)
			.expiresAt(expires)
			.build());
	};

	@Test
	void aVerifiedTokenIsCheckedOnceUntilTheCacheAgeRunsOut() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, 100, this.clock);
		assertThat(cache.decode("token-1").block().getSubject()).isEqualTo("user");
		cache.decode("token-1").block();
		assertThat(this.verifications).hasValue(1);
		this.now.set(this.now.get().plus(VerifiedTokenCache.MAX_AGE));
		cache.decode("token-1").block();
		assertThat(this.verifications).as("checked again once the cache age ran out").hasValue(2);
	}

	@Test
	void aTokenIsNeverServedFromTheCachePastItsExpiry() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, 100, this.clock);
		cache.decode("short-lived").block();
		this.now.set(this.now.get().plusSeconds(61));
		cache.decode("short-lived").block();
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void refusalsAreNotRemembered() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, 100, this.clock);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("bad-token").block());
		}
		assertThat(this.verifications).hasValue(2);
		assertThat(cache.size()).isZero();
	}

	@Test
	void theCacheStaysBounded() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, 10, this.clock);
		for (int i = 0; i < 25; i++) {
			cache.decode("token-" + i).block();
		}
		assertThat(cache.size()).isLessThanOrEqualTo(10);
	}

}
