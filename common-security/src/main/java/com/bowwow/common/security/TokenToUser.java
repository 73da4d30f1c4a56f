package com.bowwow.common.security;

import com.bowwow.common.id.UserId;

import org.springframework.core.convert.converter.Converter;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Turns a verified token into the caller, refusing tokens whose subject is not a user ID
 * tokens of deleted users (401) and of suspended users (403 {@code ACCOUNT_SUSPENDED}),
 * with one Redis round trip for both.
 */
class TokenToUser implements Converter<Jwt, AbstractAuthenticationToken> {

	static final String REVOKED = "The access token has been revoked";

	static final String NOT_READY = "Token revocation is being rebuilt after a Redis data loss";

	private final RevocationCheck revocation;

	TokenToUser(RevocationCheck revocation) {
		this.revocation = revocation;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		UserId userId;
		try {
			userId = UserId.parse(jwt.getSubject());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidBearerTokenException("The access token's subject is not a user ID");
		}
		RevocationCheck.Standing standing;
		try {
			standing = (this.revocation != null) ? this.revocation.standing(userId) : RevocationCheck.Standing.ACTIVE;
		}
		catch (DataAccessException ex) {
			// Fail closed, but as "unavailable": the token may well be fine.
			throw new AuthenticationServiceException("Token revocation cannot be checked", ex);
		}
		if (standing == RevocationCheck.Standing.REVOKED) {
			throw new InvalidBearerTokenException(REVOKED);
		}
		if (standing == RevocationCheck.Standing.UNKNOWN) {
			throw new AuthenticationServiceException(NOT_READY);
		}
		if (standing == RevocationCheck.Standing.SUSPENDED) {
			throw new AccountSuspendedException();
		}
		return new UserAuthentication(new AuthenticatedUser(userId), jwt);
	}

}
