package com.bowwow.gateway.security;

import java.time.Duration;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.Es256;
import com.bowwow.testsupport.TestTokens;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway's signature check: ES256 through {@link Es256}, refusing other keys and
 * altered tokens.
 */
class AccessTokenDecodersTests {

	private final ReactiveJwtDecoder decoder = AccessTokenDecoders.signatureAndClaims(keys(),
			new JwtVerificationProperties(TestTokens.verificationKeys(), AccessTokens.ISSUER, AccessTokens.AUDIENCE,
					Duration.ofSeconds(30), 100));

	@Test
	void checksTheSignatureWithEs256() {
		UserId alice = UserId.random();
		long before = Es256.checks();
		Jwt jwt = this.decoder.decode(TestTokens.bearer(alice)).block();
		assertThat(jwt.getSubject()).isEqualTo(alice.toString());
		assertThat(Es256.checks() - before).isOne();
	}

	@Test
	void refusesAnotherKeysTokenAndAnAlteredOne() {
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> this.decoder.decode(TestTokens.signedByUnknownKey(UserId.random())).block());
		String token = TestTokens.bearer(UserId.random());
		int dot = token.lastIndexOf('.');
		String altered = token.substring(0, dot + 1) + (token.charAt(dot + 1) == 'A' ? 'B' : 'A')
				+ token.substring(dot + 2);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode(altered).block());
	}

	private static JWKSet keys() {
		try {
			return JWKSet.parse(TestTokens.verificationKeys());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
