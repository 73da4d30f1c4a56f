package com.bowwow.gateway.security;

import com.bowwow.common.problem.ApiException;
import com.bowwow.gateway.edge.EdgeProblem;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * CORS for the whole gateway, in front of the security chains, with two differences from
 * Spring's {@code CorsWebFilter}:
 * <ul>
 * <li>a refused request gets a 403 problem ({@code CORS_REJECTED}) instead of an empty
 * body;</li>
 * <li>{@code Origin: null} with {@code Sec-Fetch-Site: same-origin} is a same-origin
 * request. Chromium sends exactly that for a form posted from a page with
 * {@code Referrer-Policy: no-referrer} (the dashboard's sign-in). {@code Sec-Fetch-*} are
 * forbidden header names, so no page can forge them; opaque origins (sandboxed frames,
 * {@code data:} pages) are reported as {@code cross-site} and stay refused. No response
 * ever grants {@code Access-Control-Allow-Origin: null}.</li>
 * </ul>
 */
class ProblemCorsWebFilter implements WebFilter, Ordered {

	/** After the request ID and the canonical path, before the security chains. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	private final CorsConfigurationSource source;

	private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {
		@Override
		protected void rejectRequest(ServerHttpResponse response) {
			// The problem handler writes status and body.
		}
	};

	ProblemCorsWebFilter(CorsConfigurationSource source) {
		this.source = source;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!CorsUtils.isCorsRequest(request) || isSameOriginWithoutOrigin(request)) {
			return chain.filter(exchange);
		}
		CorsConfiguration config = this.source.getCorsConfiguration(exchange);
		if (!this.processor.process(config, exchange)) {
			return Mono.error(new ApiException(EdgeProblem.CORS_REJECTED,
					"Cross-origin requests from " + originForDetail(request) + " are not allowed"));
		}
		if (CorsUtils.isPreFlightRequest(request)) {
			return Mono.empty();
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	static boolean isSameOriginWithoutOrigin(ServerHttpRequest request) {
		return "null".equals(request.getHeaders().getOrigin())
				&& "same-origin".equals(request.getHeaders().getFirst("Sec-Fetch-Site"))
				&& !CorsUtils.isPreFlightRequest(request);
	}

	private static String originForDetail(ServerHttpRequest request) {
		String origin = request.getHeaders().getOrigin();
		// Echo only something shaped like an origin, never arbitrary client text.
		return (origin != null && origin.matches("[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.:\\[\\]-]{1,255}|null")) ? origin
				: "this origin";
	}

}
