package com.bowwow.common.security;

import java.io.IOException;
import java.util.Locale;

import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.problem.Problems;
import com.bowwow.common.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as the contract's problem responses (codes {@code UNAUTHORIZED} and
 * {@code FORBIDDEN}), with a {@code WWW-Authenticate} challenge as RFC 6750 asks. The
 * detail says whether the token was missing, expired or revoked, so a client knows to
 * re-register, but never why a signature failed.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final ProblemWriter writer;

	ProblemAuthenticationEntryPoint(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		if (failure instanceof AccountSuspendedException) {
			// A valid token: no challenge, and not a 401 that would make the client drop
			// it.
			this.writer.write(response, Problems.of(AccountProblem.ACCOUNT_SUSPENDED, AccountSuspendedException.DETAIL,
					request.getRequestURI()));
			return;
		}
		String detail = detail(failure);
		boolean tokenPresented = request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(UpgradeAwareBearerTokenResolver.QUERY_PARAMETER) != null;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				tokenPresented ? "Bearer error=\"invalid_token\", error_description=\"" + detail + "\"" : "Bearer");
		this.writer.write(response, Problems.of(CommonProblem.UNAUTHORIZED, detail, request.getRequestURI()));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		this.writer.write(response, Problems.of(CommonProblem.FORBIDDEN, "This credential may not call this endpoint",
				request.getRequestURI()));
	}

	private static String detail(AuthenticationException failure) {
		String message = (failure.getMessage() != null) ? failure.getMessage() : "";
		if (message.equals(TokenToUser.REVOKED)) {
			return TokenToUser.REVOKED;
		}
		if (message.toLowerCase(Locale.ROOT).contains("expired")) {
			return "The access token has expired";
		}
		if (failure instanceof OAuth2AuthenticationException) {
			return "The access token is invalid";
		}
		return "A bearer access token is required";
	}

}
