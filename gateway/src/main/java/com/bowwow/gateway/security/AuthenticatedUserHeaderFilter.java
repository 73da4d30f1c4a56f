package com.bowwow.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Tells the service which user the gateway authenticated, for its logs. The header is
 * informational: services still verify the token themselves and must never authorize on
 * it. Whatever the client sent under this name was already removed at the edge.
 */
class AuthenticatedUserHeaderFilter implements WebFilter {

	static final String HEADER = "X-User-Id";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(JwtAuthenticationToken.class::isInstance)
			.map((authentication) -> exchange.mutate()
				.request((request) -> request.headers((headers) -> headers.set(HEADER, authentication.getName())))
				.build())
			.defaultIfEmpty(exchange)
			.flatMap(chain::filter);
	}

}
