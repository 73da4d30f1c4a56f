package com.bowwow.analytics.dashboard;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the operator on dashboard paths from a valid session cookie or from the
 * operator token as a bearer (for scripts). Anything else stays anonymous.
 */
class DashboardAuthenticationFilter extends OncePerRequestFilter {

	static final String AUTHORITY = "ROLE_OPERATOR";

	private static final String PREFIX = "bearer ";

	private final DashboardSessions sessions;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	DashboardAuthenticationFilter(DashboardSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isOperator(request, this.sessions)) {
			SecurityContext context = this.contexts.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("operator", null,
					List.of(new SimpleGrantedAuthority(AUTHORITY))));
			this.contexts.setContext(context);
		}
		chain.doFilter(request, response);
	}

	static boolean isOperator(HttpServletRequest request, DashboardSessions sessions) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.length() > PREFIX.length()
				&& header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
				&& sessions.isOperatorToken(header.substring(PREFIX.length()))) {
			return true;
		}
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (DashboardSessions.COOKIE.equals(cookie.getName()) && sessions.isValid(cookie.getValue())) {
					return true;
				}
			}
		}
		return false;
	}

}
