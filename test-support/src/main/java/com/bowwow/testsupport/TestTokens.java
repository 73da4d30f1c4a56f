package com.bowwow.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens for tests, signed with a key pair generated for this test JVM.
 * {@link BowWowTestInfrastructure} registers its public key as the service's verification
 * key set (and its private key as user-service's signing key), so any context that
 * imports it accepts {@link #bearer(UserId)}.
 *
 * <p>
 * Every method returns the compact token itself; use {@link #authorization(UserId)} for a
 * ready {@code Authorization} header value.
 */
public final class TestTokens {

	/** Key ID of the accepted test key. */
	public static final String KEY_ID = "bowwow-test";

	private static final ECKey KEY = generate(KEY_ID);

	private static final ECKey UNKNOWN_KEY = generate("bowwow-test-unknown");

	private static final Duration LIFETIME = Duration.ofHours(1);

	private TestTokens() {
	}

	/** A valid token of the user, good for an hour. */
	public static String bearer(UserId userId) {
		Instant now = Instant.now();
		return sign(KEY, userId.toString(), AccessTokens.ISSUER, AccessTokens.AUDIENCE, now, now.plus(LIFETIME));
	}

	/** {@code "Bearer " + bearer(userId)}. */
	public static String authorization(UserId userId) {
		return "Bearer " + bearer(userId);
	}

	/** A correctly signed token that expired an hour ago (well past any clock skew). */
	public static String expired(UserId userId) {
		Instant issued = Instant.now().minus(Duration.ofHours(2));
		return sign(KEY, userId.toString(), AccessTokens.ISSUER, AccessTokens.AUDIENCE, issued, issued.plus(LIFETIME));
	}

	/** A well-formed token signed by a key no service trusts. */
	public static String signedByUnknownKey(UserId userId) {
		Instant now = Instant.now();
		return sign(UNKNOWN_KEY, userId.toString(), AccessTokens.ISSUER, AccessTokens.AUDIENCE, now,
				now.plus(LIFETIME));
	}

	/** Something that is not a JWT at all. */
	public static String malformed() {
		return "not.a-valid.jwt";
	}

	/**
	 * A token signed with the trusted key but with the claims given, to test each
	 * validation rule.
	 */
	public static String custom(String subject, String issuer, String audience, Instant issuedAt, Instant expiresAt) {
		return sign(KEY, subject, issuer, audience, issuedAt, expiresAt);
	}

	/** JWK Set JSON with the trusted public key ({@code JWT_VERIFICATION_KEYS}). */
	public static String verificationKeys() {
		return new JWKSet(KEY.toPublicJWK()).toString();
	}

	/** The trusted private key as a JWK ({@code JWT_SIGNING_KEY} of user-service). */
	public static String signingKey() {
		return KEY.toJSONString();
	}

	private static String sign(ECKey key, String subject, String issuer, String audience, Instant issuedAt,
			Instant expiresAt) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issuer(issuer)
			.audience(audience)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(new ECDSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static ECKey generate(String keyId) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(keyId)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
