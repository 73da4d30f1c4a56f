package com.bowwow.gateway.security;

import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Operator paths (analytics, push operator endpoints, user-service's reports and
 * suspensions) take the operator credential ({@code OPERATOR_TOKEN}), which is not a JWT
 * and is verified by the owning service alone. The gateway only refuses requests that
 * carry no bearer credential at all, so anonymous traffic never reaches the services
 * while the secret stays in one place (one owner, one rotation). The dashboard is the
 * exception: a browser cannot send a bearer header on navigation, so its page, login and
 * session-authenticated data pass through and analytics-service refuses what lacks a
 * session.
 */
class OperatorCredentialFilter implements WebFilter {

	/** RFC 6750 b64token. */
	private static final Pattern BEARER = Pattern.compile("Bearer [A-Za-z0-9\\-._~+/]+=*");

	private static final String DASHBOARD = "/api/v1/analytics/dashboard";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals(DASHBOARD) || path.startsWith(DASHBOARD + "/")) {
			return chain.filter(exchange);
		}
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !BEARER.matcher(authorization).matches()) {
			return Mono.error(
					Unauthorized.missingToken("Operator endpoints require the operator token (Authorization: Bearer)"));
		}
		return chain.filter(exchange);
	}

}
