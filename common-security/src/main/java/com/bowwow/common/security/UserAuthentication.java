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

	private static final List<SimpleGrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority(ROLE));

	private final AuthenticatedUser user;

	private final Jwt token;

	/**
	 * @param user the token's user
	 * @param token the verified token, or {@code null} where it is no longer needed
	 */
	public UserAuthentication(AuthenticatedUser user, Jwt token) {
		super(AUTHORITIES);
		this.user = user;
		this.token = token;
		setAuthenticated(true);
	}

	/**
	 * The same user and role without the token, for holders that outlive the request (a
	 * WebSocket session): a decoded token is about 2 KiB, and a connection open for hours
	 * has no use for it.
	 * @return an authentication whose credentials are {@code null}
	 */
	public UserAuthentication withoutToken() {
		return (this.token != null) ? new UserAuthentication(this.user, null) : this;
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
