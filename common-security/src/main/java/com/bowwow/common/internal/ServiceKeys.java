package com.bowwow.common.internal;

import java.text.ParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.bowwow.common.security.DeploymentEnvironment;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * Parses and checks the service keys once at start-up, so that a bad configuration stops
 * the service instead of refusing (or allowing) requests later. A key ID is
 * {@code <service>:<label>}: the service part says whose key it is.
 */
public final class ServiceKeys {

	static final String SIGNING_VARIABLE = "SERVICE_SIGNING_KEY";

	static final String VERIFICATION_VARIABLE = "SERVICE_VERIFICATION_KEYS";

	private ServiceKeys() {
	}

	/** The service a key ID belongs to: the part before the first {@code :}. */
	public static String owner(String keyId) {
		int colon = (keyId != null) ? keyId.indexOf(':') : -1;
		return (colon > 0) ? keyId.substring(0, colon) : null;
	}

	/**
	 * This service's signing key.
	 * @param json a private EC P-256 JWK, or empty
	 * @param service this service's name
	 * @param environment where the service runs
	 * @return the key; empty when none is configured in production (the service can then
	 * call no other service) or when there is no development key for this name
	 * @throws IllegalStateException for a malformed key, a key of another service, or a
	 * development key in production
	 */
	public static Optional<ECKey> signingKey(String json, String service, DeploymentEnvironment environment) {
		if (json == null || json.isBlank()) {
			return environment.isProduction() ? Optional.empty() : DevelopmentServiceKeys.signingKey(service);
		}
		JWK key;
		try {
			key = JWK.parse(json.trim());
		}
		catch (ParseException ex) {
			// never echo the value: it is a private key
			throw new IllegalStateException(SIGNING_VARIABLE + " is not a JWK");
		}
		if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()) {
			throw new IllegalStateException(SIGNING_VARIABLE + " must be a private EC P-256 JWK");
		}
		if (!service.equals(owner(key.getKeyID()))) {
			throw new IllegalStateException(SIGNING_VARIABLE + " must have the key ID '" + service
					+ ":<label>' (this service's name), not '" + key.getKeyID() + "'");
		}
		if (environment.isProduction() && DevelopmentServiceKeys.isDevelopmentKey(key)) {
			throw new IllegalStateException(
					"The committed development service key '" + key.getKeyID() + "' is not accepted in production");
		}
		return Optional.of(ec);
	}

	/**
	 * The public keys of the services that may call this one.
	 * @param json a JWK Set, or empty for the development keys (refused in production)
	 * @param environment where the service runs
	 * @return the checked set
	 * @throws IllegalStateException when the keys are missing in production, malformed,
	 * not public EC P-256 keys with unique {@code <service>:<label>} IDs, or development
	 * keys in production
	 */
	public static JWKSet verificationKeys(String json, DeploymentEnvironment environment) {
		if (json == null || json.isBlank()) {
			if (environment.isProduction()) {
				throw new IllegalStateException(VERIFICATION_VARIABLE
						+ " must be set in production (a JWK Set of the calling services' EC P-256 public keys)");
			}
			return DevelopmentServiceKeys.verificationKeys();
		}
		JWKSet set;
		try {
			set = JWKSet.parse(json.trim());
		}
		catch (ParseException ex) {
			throw new IllegalStateException(VERIFICATION_VARIABLE + " is not a JWK Set: " + ex.getMessage(), ex);
		}
		if (set.getKeys().isEmpty()) {
			throw new IllegalStateException(VERIFICATION_VARIABLE + " holds no keys");
		}
		Set<String> ids = new HashSet<>();
		for (JWK key : set.getKeys()) {
			String kid = key.getKeyID();
			if (owner(kid) == null) {
				throw new IllegalStateException(
						"Every key in " + VERIFICATION_VARIABLE + " needs a key ID '<service>:<label>', not " + kid);
			}
			if (!ids.add(kid)) {
				throw new IllegalStateException("Key ID '" + kid + "' appears twice in " + VERIFICATION_VARIABLE);
			}
			if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
				throw new IllegalStateException(
						"Key '" + kid + "' in " + VERIFICATION_VARIABLE + " is not an EC P-256 key");
			}
			if (key.isPrivate()) {
				throw new IllegalStateException("Key '" + kid + "' in " + VERIFICATION_VARIABLE
						+ " contains private key material; give public keys only");
			}
			if (environment.isProduction() && DevelopmentServiceKeys.isDevelopmentKey(key)) {
				throw new IllegalStateException(
						"The committed development service key '" + kid + "' is not accepted in production");
			}
		}
		return new JWKSet(set.getKeys().stream().map(JWK::toPublicJWK).toList());
	}

}
