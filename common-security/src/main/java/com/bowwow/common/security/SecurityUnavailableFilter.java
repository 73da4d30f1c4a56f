package com.bowwow.common.security;

import java.io.IOException;

import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.Problems;
import com.bowwow.common.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When a token cannot be checked (Redis unreachable for the revocation check) the caller
 * gets a 503 problem with {@code Retry-After}, not a 401 that would make a client throw
 * its token away, and not a 500.
 */
class SecurityUnavailableFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SecurityUnavailableFilter.class);

	private final ProblemWriter writer;

	SecurityUnavailableFilter(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (AuthenticationServiceException ex) {
			log.warn("Cannot authenticate {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage(),
					ex.getCause());
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			this.writer.write(response, Problems.of(CommonProblem.SERVICE_UNAVAILABLE,
					"Authentication is temporarily unavailable", request.getRequestURI()));
		}
	}

}
