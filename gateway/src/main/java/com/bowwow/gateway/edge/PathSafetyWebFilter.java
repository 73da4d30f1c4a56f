package com.bowwow.gateway.edge;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Puts every request on its canonical path ({@link RequestPaths}) before routing,
 * security and rate limits see it, and forwards that path to the service, so all of them
 * agree on which endpoint a request is for: {@code /%61pi/v1/users/%72egister} is limited
 * as registration, and {@code /api/v1/users/../../internal/x} never reaches an internal
 * endpoint. Paths whose decoding is ambiguous are refused with 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class PathSafetyWebFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String raw = exchange.getRequest().getURI().getRawPath();
		String canonical;
		try {
			canonical = RequestPaths.canonical(raw);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new ApiException(CommonProblem.BAD_REQUEST, ex.getMessage()));
		}
		if (canonical.equals(raw)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request((request) -> request.path(canonical)).build());
	}

}
