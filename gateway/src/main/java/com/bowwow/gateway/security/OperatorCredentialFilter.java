package com.bowwow.gateway.security;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Analytics is for operators, whose credential ({@code OPERATOR_TOKEN}) is not a JWT and
 * is verified by analytics-service alone. The gateway only refuses requests that carry no
 * bearer credential at all, so anonymous traffic never reaches the service while the
 * secret stays in one place (one owner, one rotation).
 */
class OperatorCredentialFilter implements WebFilter {

	/** RFC 6750 b64token. */
	private static final Pattern BEARER = Pattern.compile("Bearer [A-Za-z0-9\\-._~+/]+=*");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !BEARER.matcher(authorization).matches()) {
			return Mono
				.error(Unauthorized.missingToken("Analytics requires an operator token (Authorization: Bearer)"));
		}
		return chain.filter(exchange);
	}

}
