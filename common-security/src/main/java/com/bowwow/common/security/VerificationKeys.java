package com.bowwow.common.security;

import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The public keys a service accepts tokens from, parsed and checked once at start-up so
 * that a bad configuration stops the service instead of refusing every request.
 */
public final class VerificationKeys {

	private final JWKSet keys;

	private VerificationKeys(JWKSet keys) {
		this.keys = keys;
	}

	/**
	 * Parses {@code JWT_VERIFICATION_KEYS}.
	 * @param json the JWK Set JSON, or empty for the development key (refused in
	 * production)
	 * @param environment where the service runs
	 * @return the checked keys
	 * @throws IllegalStateException when the keys are missing, malformed, not public EC
	 * P-256 keys with unique key IDs, or the development key in production
	 */
	public static VerificationKeys parse(String json, DeploymentEnvironment environment) {
		if (json == null || json.isBlank()) {
			if (environment.isProduction()) {
				throw new IllegalStateException(
						"JWT_VERIFICATION_KEYS must be set in production (a JWK Set of the EC P-256 public keys that sign access tokens)");
			}
			json = DevelopmentKeys.VERIFICATION_KEYS;
		}
		JWKSet set;
		try {
			set = JWKSet.parse(json.trim());
		}
		catch (ParseException ex) {
			throw new IllegalStateException("JWT_VERIFICATION_KEYS is not a JWK Set: " + ex.getMessage(), ex);
		}
		List<JWK> keys = set.getKeys();
		if (keys.isEmpty()) {
			throw new IllegalStateException("JWT_VERIFICATION_KEYS holds no keys");
		}
		Set<String> ids = new HashSet<>();
		for (JWK key : keys) {
			String kid = key.getKeyID();
			if (kid == null || kid.isBlank()) {
				throw new IllegalStateException("Every key in JWT_VERIFICATION_KEYS needs a key ID (kid)");
			}
			if (!ids.add(kid)) {
				throw new IllegalStateException("Key ID '" + kid + "' appears twice in JWT_VERIFICATION_KEYS");
			}
			if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
				throw new IllegalStateException("Key '" + kid + "' in JWT_VERIFICATION_KEYS is not an EC P-256 key");
			}
			if (key.isPrivate()) {
				// A private key here would be a leaked signing key: refuse rather than
				// use.
				throw new IllegalStateException("Key '" + kid
						+ "' in JWT_VERIFICATION_KEYS contains private key material; give public keys only");
			}
			if (environment.isProduction() && AccessTokens.DEV_KEY_ID.equals(kid)) {
				throw new IllegalStateException("The committed development key '" + AccessTokens.DEV_KEY_ID
						+ "' is not accepted in production");
			}
		}
		return new VerificationKeys(set);
	}

	public JWKSet jwkSet() {
		return this.keys;
	}

	public Set<String> keyIds() {
		Set<String> ids = new HashSet<>();
		this.keys.getKeys().forEach((key) -> ids.add(key.getKeyID()));
		return ids;
	}

	public boolean usesDevelopmentKey() {
		return keyIds().contains(AccessTokens.DEV_KEY_ID);
	}

}
