package com.bowwow.user.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.DeploymentEnvironment;
import com.bowwow.common.security.DevelopmentKeys;
import com.bowwow.common.security.VerificationKeys;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Which signing keys user-service accepts, and what it signs with them. */
class SigningKeyTests {

	private final ECKey current = generate("2026-11");

	private final VerificationKeys published = VerificationKeys.parse(
			new JWKSet(List.of(this.current.toPublicJWK(), generate("2026-05").toPublicJWK())).toString(),
			DeploymentEnvironment.PRODUCTION);

	@Test
	void aJwkThatTheVerificationKeysKnowIsAccepted() {
		SigningKey key = SigningKey.load(new SigningKeyProperties(this.current.toJSONString(), null), this.published,
				DeploymentEnvironment.PRODUCTION);
		assertThat(key.keyId()).isEqualTo("2026-11");
	}

	@Test
	void aPkcs8PemWithItsKeyIdIsAccepted() throws Exception {
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder().encodeToString(this.current.toECPrivateKey().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		assertThat(SigningKey
			.load(new SigningKeyProperties(pem, "2026-11"), this.published, DeploymentEnvironment.PRODUCTION)
			.keyId()).isEqualTo("2026-11");
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.load(new SigningKeyProperties(pem, null), this.published,
					DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("JWT_SIGNING_KEY_ID");
		assertThatIllegalStateException().isThrownBy(
				() -> SigningKey.load(new SigningKeyProperties(pem.replace("PRIVATE KEY", "EC PRIVATE KEY"), "2026-11"),
						this.published, DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("PKCS#8");
	}

	@Test
	void productionRefusesNoKeyAndTheDevelopmentKey() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.load(new SigningKeyProperties("", null), this.published,
					DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("must be set in production");
		VerificationKeys dev = VerificationKeys.parse("", DeploymentEnvironment.LOCAL);
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.load(new SigningKeyProperties(DevelopmentKeys.SIGNING_KEY, null), dev,
					DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("development");
		assertThat(SigningKey.load(new SigningKeyProperties(null, null), dev, DeploymentEnvironment.LOCAL).keyId())
			.isEqualTo(AccessTokens.DEV_KEY_ID);
	}

	@Test
	void aKeyNoValidatorKnowsIsRefused() {
		ECKey stranger = generate("stranger");
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.load(new SigningKeyProperties(stranger.toJSONString(), null), this.published,
					DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("not in JWT_VERIFICATION_KEYS");
		ECKey impostor = generate("2026-11");
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.load(new SigningKeyProperties(impostor.toJSONString(), null), this.published,
					DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("different public key");
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.load(new SigningKeyProperties(this.current.toPublicJWK().toJSONString(), null),
					this.published, DeploymentEnvironment.PRODUCTION))
			.withMessageContaining("private EC P-256");
	}

	@Test
	void issuedTokensCarryTheContractClaimsAndConfiguredLifetime() throws Exception {
		Instant now = Instant.parse("2026-11-26T12:00:00.700Z");
		SigningKey key = SigningKey.load(new SigningKeyProperties(this.current.toJSONString(), null), this.published,
				DeploymentEnvironment.PRODUCTION);
		AccessTokenIssuer issuer = new AccessTokenIssuer(key,
				new TokenProperties(Duration.ofHours(1), Duration.ofDays(180), Duration.ofSeconds(5)),
				Clock.fixed(now, ZoneOffset.UTC));
		UserId user = UserId.random();
		AccessToken token = issuer.issue(user);
		assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-11-26T13:00:00Z"));
		SignedJWT jwt = SignedJWT.parse(token.value());
		assertThat(jwt.verify(new ECDSAVerifier(this.current.toECPublicKey()))).isTrue();
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("2026-11");
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(AccessTokens.ISSUER);
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(AccessTokens.AUDIENCE);
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(user.toString());
		assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
		assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
		assertThat(issuer.issue(user).value()).isNotEqualTo(token.value());
	}

	@Test
	void lifetimeIsBounded() {
		assertThatIllegalStateException().isThrownBy(() -> {
			try {
				new TokenProperties(Duration.ZERO, Duration.ofDays(180), Duration.ofSeconds(5));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static ECKey generate(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
