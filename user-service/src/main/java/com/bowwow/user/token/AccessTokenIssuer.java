package com.bowwow.user.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs access tokens: ES256, {@code kid} header, issuer, audience, user, expiry, ID. */
public class AccessTokenIssuer {

	private final SigningKey key;

	private final ECDSASigner signer;

	private final TokenProperties properties;

	private final Clock clock;

	AccessTokenIssuer(SigningKey key, TokenProperties properties, Clock clock) {
		this.key = key;
		this.properties = properties;
		this.clock = clock;
		try {
			this.signer = new ECDSASigner(key.privateKey());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign with the configured key", ex);
		}
	}

	public AccessToken issue(UserId userId) {
		// Whole seconds: JWT times are seconds, and expiresAt is shown to the client.
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = issuedAt.plus(this.properties.accessTokenLifetime());
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(AccessTokens.ISSUER)
			.audience(AccessTokens.AUDIENCE)
			.subject(userId.toString())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(this.key.keyId()).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing an access token failed", ex);
		}
		return new AccessToken(jwt.serialize(), expiresAt);
	}

}
