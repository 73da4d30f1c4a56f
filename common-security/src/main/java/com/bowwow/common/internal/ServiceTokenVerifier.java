package com.bowwow.common.internal;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.bowwow.common.security.Es256;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Checks a service token meant for this service: ES256 only, signed by a key in the
 * verification set whose owner ({@code <service>:} in its key ID) is the token's
 * {@code iss}, {@code sub} = {@code service:<iss>}, this service in {@code aud}, not
 * expired, not issued in the future, and not valid for longer than the maximum lifetime
 * (so a caller cannot mint long-lived credentials).
 */
public final class ServiceTokenVerifier {

	/** Longer than any token we sign; anything longer is not a service token. */
	private static final int MAX_TOKEN_LENGTH = 4096;

	private final String audience;

	private final Map<String, JWSVerifier> verifiers = new HashMap<>();

	/**
	 * Tokens whose signature and claims checked out, with their claims. A caller reuses
	 * its token for a minute, and verifying ES256 on every internal call was the largest
	 * cost of user-service's push-target look-ups during a wave. Times are checked on
	 * every use; the few callers each hold one token per audience, so a few entries
	 * suffice.
	 */
	private final Cache<String, Verified> verified;

	private final Clock clock;

	private final Duration clockSkew;

	private final Duration maxLifetime;

	public ServiceTokenVerifier(String audience, JWKSet keys, Clock clock, Duration clockSkew, Duration maxLifetime) {
		this.audience = audience;
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.maxLifetime = maxLifetime;
		this.verified = Caffeine.newBuilder()
			.maximumSize(1_000)
			.expireAfterWrite(maxLifetime)
			.executor(Runnable::run)
			.build();
		for (JWK key : keys.getKeys()) {
			try {
				this.verifiers.put(key.getKeyID(), Es256.verifier((ECKey) key));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Unusable service key " + key.getKeyID(), ex);
			}
		}
	}

	/**
	 * A verifier for a service's tests and local runs: the committed development keys.
	 */
	public static ServiceTokenVerifier development(String audience, Clock clock) {
		return new ServiceTokenVerifier(audience, DevelopmentServiceKeys.verificationKeys(), clock,
				Duration.ofSeconds(10), Duration.ofMinutes(5));
	}

	/**
	 * @param token the compact JWS
	 * @return the verified caller
	 * @throws InvalidServiceTokenException when the token is not a valid service token
	 * for this service
	 */
	public ServiceCaller verify(String token) throws InvalidServiceTokenException {
		if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw invalid("missing or oversized token");
		}
		Verified known = this.verified.getIfPresent(token);
		if (known != null) {
			checkTimes(known.claims());
			return known.caller();
		}
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(token);
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | RuntimeException ex) {
			throw invalid("not a signed JWT");
		}
		JWSHeader header = jwt.getHeader();
		if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
			throw invalid("algorithm " + header.getAlgorithm());
		}
		JWSVerifier verifier = this.verifiers.get(header.getKeyID());
		if (verifier == null) {
			throw invalid("unknown key " + header.getKeyID());
		}
		try {
			if (!jwt.verify(verifier)) {
				throw invalid("bad signature for key " + header.getKeyID());
			}
		}
		catch (JOSEException | RuntimeException ex) {
			throw invalid("signature not verifiable: " + ex.getMessage());
		}
		String caller = claims.getIssuer();
		if (caller == null || !caller.equals(ServiceKeys.owner(header.getKeyID()))) {
			throw invalid("issuer " + caller + " does not own key " + header.getKeyID());
		}
		if (!(ServiceTokens.SUBJECT_PREFIX + caller).equals(claims.getSubject())) {
			throw invalid("subject " + claims.getSubject());
		}
		if (claims.getAudience() == null || !claims.getAudience().contains(this.audience)) {
			throw invalid("audience " + claims.getAudience() + " is not " + this.audience);
		}
		checkTimes(claims);
		ServiceCaller verifiedCaller = new ServiceCaller(caller);
		this.verified.put(token, new Verified(verifiedCaller, claims));
		return verifiedCaller;
	}

	private record Verified(ServiceCaller caller, JWTClaimsSet claims) {
	}

	private void checkTimes(JWTClaimsSet claims) throws InvalidServiceTokenException {
		Date expires = claims.getExpirationTime();
		Date issued = claims.getIssueTime();
		if (expires == null || issued == null) {
			throw invalid("exp and iat are required");
		}
		Instant now = this.clock.instant();
		if (now.minus(this.clockSkew).isAfter(expires.toInstant())) {
			throw new InvalidServiceTokenException("expired at " + expires.toInstant(), true);
		}
		if (issued.toInstant().isAfter(now.plus(this.clockSkew))) {
			throw invalid("issued in the future");
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && notBefore.toInstant().isAfter(now.plus(this.clockSkew))) {
			throw invalid("not valid yet");
		}
		if (Duration.between(issued.toInstant(), expires.toInstant()).compareTo(this.maxLifetime) > 0) {
			throw invalid("valid for longer than " + this.maxLifetime);
		}
	}

	private static InvalidServiceTokenException invalid(String reason) {
		return new InvalidServiceTokenException(reason, false);
	}

}
