package com.bowwow.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

/**
 * Hands authentication failures to the gateway's problem handler, so a 401 looks like
 * every other error (code {@code UNAUTHORIZED}, request ID) and carries
 * {@code WWW-Authenticate: Bearer}.
 */
class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		if (ex instanceof OAuth2AuthenticationException) {
			return Mono.error(Unauthorized.invalidToken());
		}
		return Mono.error(Unauthorized.missingToken("This endpoint requires an access token (Authorization: Bearer)"));
	}

}
