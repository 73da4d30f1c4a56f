package com.bowwow.gateway.edge;

import java.util.concurrent.TimeoutException;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker sends a request its service cannot take: a prompt 503
 * (or 504 for a timeout) problem instead of a hang or a 500.
 */
@RestController
public class FallbackController {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FallbackController.class);

	/**
	 * Where the routes' circuit breakers forward; also the {@code uri} under which
	 * fallbacks are counted in {@code http.server.requests}.
	 */
	public static final String PATH = "/fallback/{service}";

	@RequestMapping(PATH)
	public Mono<Void> fallback(@PathVariable("service") String service, ServerWebExchange exchange) {
		if (exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR) == null) {
			// Only a route's circuit breaker forwards here; a client asking directly
			// finds nothing.
			return Mono.error(ApiException.notFound("No such endpoint: " + exchange.getRequest().getPath().value()));
		}
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		return Mono.error(answer(exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value(),
				service, cause));
	}

	/**
	 * The problem for a request a service could not take, logged with its cause (the
	 * operator needs it: an open circuit, a refused connection, a reset).
	 * @param request method and path, for the log
	 * @param service the service's name
	 * @param cause why the circuit breaker failed the call
	 * @return 504 for a timeout, else 503 with {@code Retry-After}
	 */
	public static ApiException answer(String request, String service, Throwable cause) {
		log.warn("{} answered by the {} fallback: {}", request, service, String.valueOf(cause));
		// The HTTP client's response timeout arrives as a 504 status exception (the only
		// timer since Resilience4j's time limiter is off); a connect timeout as a
		// TimeoutException.
		if (cause instanceof TimeoutException || (cause instanceof ResponseStatusException status
				&& status.getStatusCode() == HttpStatus.GATEWAY_TIMEOUT)) {
			return new ApiException(CommonProblem.GATEWAY_TIMEOUT, service + " did not answer in time");
		}
		return new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
				service + " is unavailable right now; please retry shortly")
			.header("Retry-After", "5");
	}

}
