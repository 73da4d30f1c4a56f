package com.bowwow.common.security;

import java.time.Instant;

import com.bowwow.common.id.UserId;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bowwow.security.jwt.verified-tokens} bounds what a service remembers: at 0 it
 * remembers nothing, so a token is checked on each request (remembered by default:
 * {@link SecurityAutoConfigurationTests}).
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.MOCK,
		properties = { "spring.application.name=test-service", "bowwow.security.jwt.verified-tokens=0" })
class VerifiedTokensSettingTests {

	private static final ECKey KEY = SecurityAutoConfigurationTests.key("setting");

	@Autowired
	JwtDecoder decoder;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("bowwow.security.jwt.verification-keys", () -> new JWKSet(KEY.toPublicJWK()).toString());
	}

	@Test
	void theBoundIsTheSetting() throws Exception {
		Instant now = Instant.now();
		String token = SecurityAutoConfigurationTests.sign(KEY, UserId.random().toString(), AccessTokens.ISSUER,
				AccessTokens.AUDIENCE, now, now.plusSeconds(600));
		long before = Es256.checks();
		this.decoder.decode(token);
		this.decoder.decode(token);
		assertThat(Es256.checks() - before).isEqualTo(2);
	}

}
