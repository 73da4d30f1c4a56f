package com.bowwow.gateway.edge;

import com.bowwow.common.web.RequestIds;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Accepts the client's {@code X-Request-Id} or creates one, forwards it to the service
 * that handles the request ({@link ProxiedRequestHeaders}) and returns it to the client,
 * so one ID ties together the logs of every hop.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdWebFilter implements WebFilter {

	/** Exchange attribute holding the request ID. */
	public static final String ATTRIBUTE = RequestIdWebFilter.class.getName() + ".requestId";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestId = RequestIds.acceptOrCreate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
		exchange.getAttributes().put(ATTRIBUTE, requestId);
		// Set as the response commits, over the service's copy that the proxied response
		// brings: setting it earlier made the response carry two
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}
