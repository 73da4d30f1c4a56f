package com.bowwow.common.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Reads the token from {@code Authorization: Bearer …}, and for WebSocket upgrade
 * requests (browsers cannot set headers there) also from the {@code access_token} query
 * parameter. Other requests never take a token from the URL, where it would end up in
 * access logs and histories.
 */
class UpgradeAwareBearerTokenResolver implements BearerTokenResolver {

	static final String QUERY_PARAMETER = "access_token";

	private final RequestMatcher publicPaths;

	UpgradeAwareBearerTokenResolver(RequestMatcher publicPaths) {
		this.publicPaths = publicPaths;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		if (this.publicPaths.matches(request)) {
			// A stale token must not stop a client from re-registering (its refresh
			// path) or a probe from reading /health.
			return null;
		}
		String fromHeader = BearerTokens.fromAuthorizationHeader(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (fromHeader != null || !isUpgrade(request)) {
			return fromHeader;
		}
		String[] values = request.getParameterValues(QUERY_PARAMETER);
		if (values == null) {
			return null;
		}
		if (values.length != 1 || values[0].isBlank()) {
			throw new OAuth2AuthenticationException(
					BearerTokenErrors.invalidRequest("Give exactly one access_token query parameter"));
		}
		return values[0];
	}

	private static boolean isUpgrade(HttpServletRequest request) {
		return HttpMethod.GET.matches(request.getMethod())
				&& "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
	}

}
