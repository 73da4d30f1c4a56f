package com.bowwow.common.internal;

import java.io.IOException;
import java.util.List;

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
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one place {@code /internal/**} is authenticated and authorized: a valid service
 * token for this service (401 otherwise) from a caller the path's rule names (403
 * otherwise). Nothing else is accepted: user access tokens and the operator token are not
 * service tokens.
 */
class ServiceTokenFilter extends OncePerRequestFilter {

	static final String ROLE = "ROLE_INTERNAL_SERVICE";

	private static final Logger log = LoggerFactory.getLogger(ServiceTokenFilter.class);

	private static final String PREFIX = "bearer ";

	private final ServiceTokenVerifier verifier;

	private final InternalAccess access;

	private final ProblemWriter problems;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	ServiceTokenFilter(ServiceTokenVerifier verifier, InternalAccess access, ProblemWriter problems) {
		this.verifier = verifier;
		this.access = access;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.length() <= PREFIX.length()
				|| !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			refuse(request, response, "A service token is required", null);
			return;
		}
		ServiceCaller caller;
		try {
			caller = this.verifier.verify(header.substring(PREFIX.length()).trim());
		}
		catch (InvalidServiceTokenException ex) {
			log.warn("Refused an internal call to {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.getMessage());
			refuse(request, response, ex.expired() ? "The service token has expired" : "The service token is invalid",
					ex);
			return;
		}
		if (!this.access.allows(request, caller)) {
			log.warn("Refused {} calling {} {}: not allowed by bowwow.internal.access", caller.name(),
					request.getMethod(), request.getRequestURI());
			this.problems.write(response, Problems.of(CommonProblem.FORBIDDEN,
					"This service may not call this endpoint", request.getRequestURI()));
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null,
				List.of(new SimpleGrantedAuthority(ROLE))));
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String detail,
			InvalidServiceTokenException failure) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				(failure == null) ? "Bearer" : "Bearer error=\"invalid_token\", error_description=\"" + detail + "\"");
		this.problems.write(response, Problems.of(CommonProblem.UNAUTHORIZED, detail, request.getRequestURI()));
	}

}
