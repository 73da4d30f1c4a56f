package com.bowwow.common.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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
 * Authenticates the operator credential ({@code Authorization: Bearer <OPERATOR_TOKEN>})
 * on operator paths. Both sides are hashed before a constant-time comparison, so neither
 * the content nor the length of the secret leaks through timing. Anything else (a user
 * token included) stays unauthenticated and is answered 401.
 */
class OperatorTokenFilter extends OncePerRequestFilter {

	static final String ROLE = "ROLE_OPERATOR";

	static final String PRINCIPAL = "operator";

	private static final String PREFIX = "bearer ";

	private final byte[] expectedDigest;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	OperatorTokenFilter(String token) {
		this.expectedDigest = (token == null || token.isBlank()) ? null : sha256(token.trim());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (this.expectedDigest != null && header != null && header.length() > PREFIX.length()
				&& header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			byte[] presented = sha256(header.substring(PREFIX.length()).trim());
			if (MessageDigest.isEqual(this.expectedDigest, presented)) {
				SecurityContext context = this.contexts.createEmptyContext();
				context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(PRINCIPAL, null,
						List.of(new SimpleGrantedAuthority(ROLE))));
				this.contexts.setContext(context);
			}
		}
		chain.doFilter(request, response);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
