package com.bowwow.gateway.edge;

import java.util.Locale;

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
 * Routes match the raw path but services normalise it, so
 * {@code /api/v1/users/../../../internal/x} would pass the users route and land on an
 * internal endpoint. No legitimate client sends dot segments, encoded slashes or
 * backslashes: refuse them before routing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class PathSafetyWebFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String raw = exchange.getRequest().getURI().getRawPath();
		if (raw != null && isUnsafe(raw)) {
			return Mono.error(new ApiException(CommonProblem.BAD_REQUEST, "The request path is not allowed"));
		}
		return chain.filter(exchange);
	}

	static boolean isUnsafe(String rawPath) {
		String path = rawPath.toLowerCase(Locale.ROOT);
		if (path.contains("%2e") || path.contains("%2f") || path.contains("%5c") || path.contains("\\")
				|| path.contains(";") || path.contains("//")) {
			return true;
		}
		for (String segment : path.split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return true;
			}
		}
		return false;
	}

}
