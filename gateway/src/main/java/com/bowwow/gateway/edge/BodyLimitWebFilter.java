package com.bowwow.gateway.edge;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a declared body over the limit at the edge, before any byte is proxied. Chunked
 * bodies are counted again by each service's own limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BodyLimitWebFilter implements WebFilter {

	private final long limitBytes;

	public BodyLimitWebFilter(@Value("${bowwow.web.max-request-body:64KB}") DataSize limit) {
		this.limitBytes = limit.toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getHeaders().getContentLength() > this.limitBytes) {
			return Mono.error(new ApiException(CommonProblem.PAYLOAD_TOO_LARGE,
					"Request body is larger than " + this.limitBytes + " bytes"));
		}
		return chain.filter(exchange);
	}

}
