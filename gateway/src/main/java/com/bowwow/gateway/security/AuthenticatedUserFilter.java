package com.bowwow.gateway.security;

import com.bowwow.gateway.edge.ProxiedRequestHeaders;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Records which user the gateway authenticated, for the {@code X-User-Id} header the
 * service receives ({@link ProxiedRequestHeaders}). A token the cache already knew was
 * recorded by {@link EdgeAdmissionFilter} and costs nothing here; otherwise the user is
 * read from the security context Spring Security just filled.
 */
class AuthenticatedUserFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getAttribute(ProxiedRequestHeaders.AUTHENTICATED_USER) != null) {
			return chain.filter(exchange);
		}
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(JwtAuthenticationToken.class::isInstance)
			.doOnNext((authentication) -> exchange.getAttributes()
				.put(ProxiedRequestHeaders.AUTHENTICATED_USER, authentication.getName()))
			.then(Mono.defer(() -> chain.filter(exchange)));
	}

}
