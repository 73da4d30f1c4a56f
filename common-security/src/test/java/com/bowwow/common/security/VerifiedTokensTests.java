package com.bowwow.common.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The services' decoder remembers verified tokens: what it may remember, and for how
 * long. The decoder behind it stands in for the ES256 check, counting how often it runs.
 */
class VerifiedTokensTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T12:00:00Z"));

	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return VerifiedTokensTests.this.now.get();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	};

	private final AtomicInteger verifications = new AtomicInteger();

	private final JwtDecoder verifier = (token) -> {
		this.verifications.incrementAndGet();
		if (token.startsWith("bad")) {
			throw new BadJwtException("Invalid access token");
		}
		Instant issued = this.now.get();
		Instant expires = token.startsWith("short") ? issued.plusSeconds(60) : issued.plus(Duration.ofDays(7));
		return Jwt.withTokenValue(token)
			.header("alg", "ES256")
			.header("kid", "key-1")
			.subject("user")
			.issuer("https://bowwow.example")
			.audience(java.util.List.of("bowwow"))
			.jti("jti-" + token)
			.issuedAt(issued)
			.expiresAt(expires)
			.build();
	};

	@Test
	void aVerifiedTokenIsCheckedOnceUntilTheAgeRunsOut() {
		JwtDecoder decoder = new VerifiedTokens(100, this.clock).remembering(this.verifier);
		assertThat(decoder.decode("token-1").getSubject()).isEqualTo("user");
		decoder.decode("token-1");
		assertThat(this.verifications).hasValue(1);
		this.now.set(this.now.get().plus(VerifiedTokens.MAX_AGE));
		decoder.decode("token-1");
		assertThat(this.verifications).as("checked again once the age ran out").hasValue(2);
	}

	@Test
	void aTokenIsNeverAcceptedFromMemoryPastItsExpiry() {
		JwtDecoder decoder = new VerifiedTokens(100, this.clock).remembering(this.verifier);
		decoder.decode("short-lived");
		this.now.set(this.now.get().plusSeconds(61));
		decoder.decode("short-lived");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void refusalsAreNotRemembered() {
		VerifiedTokens tokens = new VerifiedTokens(100, this.clock);
		JwtDecoder decoder = tokens.remembering(this.verifier);
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("bad-token"));
		}
		assertThat(this.verifications).hasValue(2);
		assertThat(tokens.size()).isZero();
	}

	@Test
	void itStaysBounded() {
		VerifiedTokens tokens = new VerifiedTokens(10, this.clock);
		JwtDecoder decoder = tokens.remembering(this.verifier);
		for (int i = 0; i < 25; i++) {
			decoder.decode("token-" + i);
		}
		assertThat(tokens.size()).isLessThanOrEqualTo(10);
	}

	/**
	 * A remembered token keeps what the services read, not its decoded form: location-
	 * service remembers one per stream opened in the last five minutes.
	 */
	@Test
	void aRememberedTokenGivesItsSubjectAndTimesAndKeepsNothingElse() {
		VerifiedTokens tokens = new VerifiedTokens(100, this.clock);
		Jwt verified = tokens.remembering(this.verifier).decode("token-1");
		Jwt remembered = tokens.peek("token-1");
		assertThat(remembered.getTokenValue()).isEqualTo("token-1");
		assertThat(remembered.getSubject()).isEqualTo(verified.getSubject());
		assertThat(remembered.getIssuedAt()).isEqualTo(verified.getIssuedAt());
		assertThat(remembered.getExpiresAt()).isEqualTo(verified.getExpiresAt());
		assertThat(remembered.getHeaders()).containsOnly(java.util.Map.entry("alg", "ES256"));
		assertThat(remembered.getClaims()).containsOnlyKeys("sub", "iat", "exp");
		assertThat(this.verifications).hasValue(1);
	}

	/**
	 * The cache finds a token by its digest: the token's text is not kept (memory, and no
	 * bearer token in a heap dump), and a token one character away is a stranger.
	 */
	@Test
	void theCacheKeepsNoTokenTextAndTellsNeighboursApart() {
		VerifiedTokens tokens = new VerifiedTokens(100, this.clock);
		JwtDecoder decoder = tokens.remembering(this.verifier);
		decoder.decode("token-1");
		assertThat(tokens.keys()).hasSize(1)
			.allSatisfy(
					(key) -> assertThat(key).isNotInstanceOf(CharSequence.class).asString().doesNotContain("token-1"));
		assertThat(tokens.peek("token-2")).isNull();
		assertThat(tokens.peek("token-1 ")).isNull();
		decoder.decode("token-2");
		assertThat(this.verifications).as("the neighbour was verified, not taken from memory").hasValue(2);
		assertThat(tokens.peek("token-1").getTokenValue()).isEqualTo("token-1");
	}

}
