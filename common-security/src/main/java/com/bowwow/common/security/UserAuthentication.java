package com.bowwow.common.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A request authenticated by a valid, unrevoked access token. The principal is the
 * {@link AuthenticatedUser}; the name is the user ID, so WebSocket sessions and logs see
 * it too.
 */
public class UserAuthentication extends AbstractAuthenticationToken {

	public static final String ROLE = "ROLE_USER";

	private final AuthenticatedUser user;

	private final Jwt token;

	public UserAuthentication(AuthenticatedUser user, Jwt token) {
		super(List.of(new SimpleGrantedAuthority(ROLE)));
		this.user = user;
		this.token = token;
		setAuthenticated(true);
	}

	@Override
	public AuthenticatedUser getPrincipal() {
		return this.user;
	}

	@Override
	public Jwt getCredentials() {
		return this.token;
	}

	@Override
	public String getName() {
		return this.user.userId().toString();
	}

}
