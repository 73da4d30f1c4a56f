package com.bowwow.location;

import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.Problems;
import com.bowwow.location.safety.SafetyUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * PostgreSQL or Redis failing in the middle of a request (down, restarting, failing over,
 * pool exhausted, timing out) is a 503 with {@code Retry-After}, never a 500: the request
 * was fine and the client should simply try again. Ordered before the common advice,
 * whose catch-all would answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DependencyUnavailableAdvice {

	private static final Logger log = LoggerFactory.getLogger(DependencyUnavailableAdvice.class);

	@ExceptionHandler({ DataAccessException.class, CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> unavailable(Exception ex, HttpServletRequest request) {
		log.warn("A dependency failed on {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		ProblemDetail problem = Problems.of(CommonProblem.SERVICE_UNAVAILABLE,
				"A storage dependency is unavailable; try again shortly", request.getRequestURI());
		problem.setProperty("retryAfterSeconds", SafetyUnavailable.RETRY_AFTER_SECONDS);
		return ResponseEntity.status(problem.getStatus())
			.header("Retry-After", Integer.toString(SafetyUnavailable.RETRY_AFTER_SECONDS))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
