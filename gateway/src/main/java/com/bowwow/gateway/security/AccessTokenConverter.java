package com.bowwow.gateway.security;

import reactor.core.publisher.Mono;

import com.bowwow.common.security.BearerTokens;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the access token of a request: the {@code Authorization} header, and for the
 * location stream's WebSocket upgrade also the {@code access_token} query parameter
 * (browsers cannot set headers on a WebSocket). On public paths a token is ignored, so a
 * client that still sends its expired token can register again.
 */
class AccessTokenConverter implements ServerAuthenticationConverter {

	static final String STREAM_PATH = "/api/v1/locations/stream";

	private final ServerWebExchangeMatcher publicPaths;

	private final ServerBearerTokenAuthenticationConverter headerOrQuery = new ServerBearerTokenAuthenticationConverter();

	AccessTokenConverter(ServerWebExchangeMatcher publicPaths) {
		this.publicPaths = publicPaths;
		this.headerOrQuery.setAllowUriQueryParameter(true);
	}

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		return this.publicPaths.matches(exchange).flatMap((match) -> {
			if (match.isMatch()) {
				return Mono.empty();
			}
			boolean streamUpgrade = HttpMethod.GET.equals(exchange.getRequest().getMethod())
					&& STREAM_PATH.equals(exchange.getRequest().getPath().value());
			if (streamUpgrade) {
				return this.headerOrQuery.convert(exchange);
			}
			// Spring's converter matches the header with a regular expression: 6 % of the
			// gateway's CPU
			String token = BearerTokens
				.fromAuthorizationHeader(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
			return (token != null) ? Mono.just(new BearerTokenAuthenticationToken(token)) : Mono.empty();
		});
	}

}
