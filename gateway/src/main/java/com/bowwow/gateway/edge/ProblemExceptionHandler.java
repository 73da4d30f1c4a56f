package com.bowwow.gateway.edge;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's one error handler: every failure at the edge becomes the same problem
 * shape the services answer with, and no stack trace or HTML page ever reaches a client.
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	private final JsonMapper jsonMapper;

	public ProblemExceptionHandler(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		return write(exchange.getResponse(), exchange.getRequest().getPath().value(),
				exchange.getAttribute(RequestIdWebFilter.ATTRIBUTE), ex);
	}

	/**
	 * Answers with the problem for a failure, outside the web filter chain too (the
	 * express lane).
	 * @param response the response, not yet committed
	 * @param path the request's path, the problem's {@code instance}
	 * @param requestId the request's ID, or {@code null}
	 * @param ex the failure
	 * @return completes when the problem is written
	 */
	public Mono<Void> write(ServerHttpResponse response, String path, String requestId, Throwable ex) {
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem = toProblem(path, ex);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (ex instanceof ApiException api) {
			api.headers().forEach((name, values) -> response.getHeaders().put(name, values));
		}
		byte[] body = this.jsonMapper.writeValueAsBytes(Problems.toMap(problem));
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private ProblemDetail toProblem(String path, Throwable ex) {
		if (ex instanceof ApiException api) {
			ProblemDetail problem = Problems.of(api.type(), api.getMessage(), path);
			api.properties().forEach(problem::setProperty);
			return problem;
		}
		if (ex instanceof ResponseStatusException status) {
			CommonProblem type = CommonProblem.forStatus(status.getStatusCode().value());
			String detail = (status.getStatusCode().value() == 404) ? "No such endpoint: " + path
					: (status.getReason() != null) ? status.getReason() : type.title();
			return Problems.of(type, detail, path);
		}
		if (hasCause(ex, TimeoutException.class)) {
			return Problems.of(CommonProblem.GATEWAY_TIMEOUT, "The service did not answer in time", path);
		}
		if (hasCause(ex, ConnectException.class)) {
			return Problems.of(CommonProblem.SERVICE_UNAVAILABLE, "The service is unavailable right now", path);
		}
		log.error("Unhandled error on {}", path, ex);
		return Problems.of(CommonProblem.INTERNAL_ERROR, "Something went wrong on our side", path);
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

}
