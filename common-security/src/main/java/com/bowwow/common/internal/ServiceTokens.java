package com.bowwow.common.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * Signs this service's tokens for the services it calls. A token is reused for half its
 * lifetime, so a busy client signs about once every 30 s per target instead of on every
 * request, and a token in flight always has at least half its lifetime left.
 */
public final class ServiceTokens {

	/** The {@code sub} of a service token: {@code service:<name>}. */
	public static final String SUBJECT_PREFIX = "service:";

	private final String service;

	private final ECKey key;

	private final Duration lifetime;

	private final Clock clock;

	private final Map<String, Minted> cache = new ConcurrentHashMap<>();

	/**
	 * @param service this service's name ({@code iss})
	 * @param key its private key, or {@code null} when it may call no one
	 * @param lifetime how long each token is valid
	 * @param clock the time source
	 */
	public ServiceTokens(String service, ECKey key, Duration lifetime, Clock clock) {
		if (key != null && !service.equals(ServiceKeys.owner(key.getKeyID()))) {
			throw new IllegalArgumentException("The key " + key.getKeyID() + " is not " + service + "'s");
		}
		this.service = service;
		this.key = key;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	/** Tokens signed with a service's committed development key (tests, local runs). */
	public static ServiceTokens development(String service, Clock clock) {
		return new ServiceTokens(service, DevelopmentServiceKeys.signingKey(service).orElseThrow(),
				Duration.ofSeconds(60), clock);
	}

	public String service() {
		return this.service;
	}

	/** A valid token for calling {@code audience}. */
	public String tokenFor(String audience) {
		Instant now = this.clock.instant();
		Minted minted = this.cache.get(audience);
		if (minted == null || !now.isBefore(minted.refreshAt()) || now.isBefore(minted.issuedAt())) {
			minted = mint(audience, now);
			this.cache.put(audience, minted);
		}
		return minted.token();
	}

	/**
	 * An interceptor that sends {@code Authorization: Bearer <token>} for
	 * {@code audience} on every request of the client it is added to.
	 * @throws IllegalStateException when this service has no signing key (production
	 * without {@code SERVICE_SIGNING_KEY}): it fails at start-up, not on the first call
	 */
	public ClientHttpRequestInterceptor interceptor(String audience) {
		requireKey(audience);
		return (request, body, execution) -> {
			request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + tokenFor(audience));
			return execution.execute(request, body);
		};
	}

	private Minted mint(String audience, Instant now) {
		requireKey(audience);
		Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
		Instant expiresAt = issuedAt.plus(this.lifetime);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.service)
			.subject(SUBJECT_PREFIX + this.service)
			.audience(audience)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(new ECDSASigner(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a service token", ex);
		}
		return new Minted(jwt.serialize(), issuedAt, issuedAt.plus(this.lifetime.dividedBy(2)));
	}

	private void requireKey(String audience) {
		if (this.key == null) {
			throw new IllegalStateException(ServiceKeys.SIGNING_VARIABLE + " must be set: " + this.service + " calls "
					+ audience + "'s internal API");
		}
	}

	private record Minted(String token, Instant issuedAt, Instant refreshAt) {

	}

}
