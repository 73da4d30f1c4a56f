package com.bowwow.gateway.edge;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Removes headers that only the platform may set (identity, internal routing) from client
 * requests, before anything else reads them, so no client can speak for another user or
 * for an internal caller. The gateway sets its own {@code X-User-Id} later, after
 * authentication.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class InternalHeaderStrippingWebFilter implements WebFilter {

	/** Lowercase name prefixes of headers a client must never set. */
	static final List<String> RESERVED_PREFIXES = List.of("x-internal-", "x-user-", "x-forwarded-user",
			"x-authenticated-", "x-bowwow-");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		List<String> reserved = exchange.getRequest()
			.getHeaders()
			.headerNames()
			.stream()
			.filter(InternalHeaderStrippingWebFilter::isReserved)
			.toList();
		if (reserved.isEmpty()) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest()
			.mutate()
			.headers((headers) -> reserved.forEach(headers::remove))
			.build();
		return chain.filter(exchange.mutate().request(request).build());
	}

	public static boolean isReserved(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
	}

}
