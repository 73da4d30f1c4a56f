package com.bowwow.user.token;

import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;

import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.DeploymentEnvironment;
import com.bowwow.common.security.DevelopmentKeys;
import com.bowwow.common.security.VerificationKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;

/**
 * The private key and key ID tokens are signed with, checked at start-up: a P-256 key,
 * not the development key in production, and one the verification key set knows (with the
 * same public key), so that no service ever refuses the tokens issued here.
 *
 * @param keyId the {@code kid} header of every token
 * @param privateKey the private key
 */
record SigningKey(String keyId, ECPrivateKey privateKey) {

	static SigningKey load(SigningKeyProperties properties, VerificationKeys verificationKeys,
			DeploymentEnvironment environment) {
		String configured = properties.signingKey();
		if (configured == null || configured.isBlank()) {
			if (environment.isProduction()) {
				throw new IllegalStateException("JWT_SIGNING_KEY must be set in production");
			}
			configured = DevelopmentKeys.SIGNING_KEY;
		}
		configured = configured.trim();
		SigningKey key = configured.startsWith("{") ? fromJwk(configured, verificationKeys)
				: fromPem(configured, properties.signingKeyId());
		if (environment.isProduction() && AccessTokens.DEV_KEY_ID.equals(key.keyId())) {
			throw new IllegalStateException("The committed development signing key is not accepted in production");
		}
		if (!verificationKeys.keyIds().contains(key.keyId())) {
			throw new IllegalStateException("The signing key '" + key.keyId()
					+ "' is not in JWT_VERIFICATION_KEYS: every token issued would be refused");
		}
		return key;
	}

	private static SigningKey fromJwk(String json, VerificationKeys verificationKeys) {
		JWK jwk;
		try {
			jwk = JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("JWT_SIGNING_KEY is neither a JWK nor a PEM key: " + ex.getMessage(), ex);
		}
		if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()) {
			throw new IllegalStateException("JWT_SIGNING_KEY must be a private EC P-256 key");
		}
		if (ec.getKeyID() == null || ec.getKeyID().isBlank()) {
			throw new IllegalStateException("JWT_SIGNING_KEY needs a key ID (kid)");
		}
		JWK published = verificationKeys.jwkSet().getKeyByKeyId(ec.getKeyID());
		if (published instanceof ECKey publicKey
				&& (!publicKey.getX().equals(ec.getX()) || !publicKey.getY().equals(ec.getY()))) {
			throw new IllegalStateException("JWT_VERIFICATION_KEYS has a different public key under kid '"
					+ ec.getKeyID() + "' than JWT_SIGNING_KEY");
		}
		try {
			return new SigningKey(ec.getKeyID(), ec.toECPrivateKey());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("JWT_SIGNING_KEY is not a usable EC key", ex);
		}
	}

	private static SigningKey fromPem(String pem, String keyId) {
		if (keyId == null || keyId.isBlank()) {
			throw new IllegalStateException("A PEM JWT_SIGNING_KEY needs JWT_SIGNING_KEY_ID");
		}
		if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
			throw new IllegalStateException(
					"JWT_SIGNING_KEY must be a PKCS#8 PEM (BEGIN PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt");
		}
		String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
		try {
			ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
			ECParameterSpec p256 = Curve.P_256.toECParameterSpec();
			if (key.getParams().getCurve().getField().getFieldSize() != p256.getCurve().getField().getFieldSize()
					|| !key.getParams().getOrder().equals(p256.getOrder())) {
				throw new IllegalStateException("JWT_SIGNING_KEY must be an EC P-256 key");
			}
			return new SigningKey(keyId.trim(), key);
		}
		catch (java.security.GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalStateException("JWT_SIGNING_KEY is not a PKCS#8 EC private key", ex);
		}
	}

}
