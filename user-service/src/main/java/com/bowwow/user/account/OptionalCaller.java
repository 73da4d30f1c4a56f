package com.bowwow.user.account;

import java.util.Optional;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.RevocationCheck;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Who is calling a public endpoint, if they sent a valid access token: the same checks as
 * everywhere (signature, issuer, audience, expiry, revocation), but a missing or bad
 * token is simply no caller rather than a 401.
 */
@Component
class OptionalCaller {

	private static final String PREFIX = "Bearer ";

	private final JwtDecoder decoder;

	private final ObjectProvider<RevocationCheck> revocation;

	OptionalCaller(JwtDecoder decoder, ObjectProvider<RevocationCheck> revocation) {
		this.decoder = decoder;
		this.revocation = revocation;
	}

	Optional<UserId> identify(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return Optional.empty();
		}
		try {
			Jwt jwt = this.decoder.decode(authorization.substring(PREFIX.length()).trim());
			UserId userId = UserId.parse(jwt.getSubject());
			RevocationCheck check = this.revocation.getIfAvailable();
			return (check != null && check.isRevoked(userId)) ? Optional.empty() : Optional.of(userId);
		}
		catch (JwtException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
