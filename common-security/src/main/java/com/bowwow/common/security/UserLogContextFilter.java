package com.bowwow.common.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the authenticated caller's user ID in the logging context ({@value #MDC_KEY}),
 * next to the request ID, so that every line logged for a request says whose it was (and
 * the JSON logs carry it as a field). Never the token.
 */
class UserLogContextFilter extends OncePerRequestFilter {

	static final String MDC_KEY = "userId";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof UserAuthentication user)) {
			chain.doFilter(request, response);
			return;
		}
		MDC.put(MDC_KEY, user.getPrincipal().userId().toString());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

}
