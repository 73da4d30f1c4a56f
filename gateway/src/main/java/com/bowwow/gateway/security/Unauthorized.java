package com.bowwow.gateway.security;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;

/** The one 401 shape of the edge: problem JSON plus an RFC 6750 challenge. */
final class Unauthorized {

	private Unauthorized() {
	}

	static ApiException missingToken(String detail) {
		return new ApiException(CommonProblem.UNAUTHORIZED, detail).header("WWW-Authenticate", "Bearer");
	}

	static ApiException invalidToken() {
		// The reason (expired, unknown key, revoked…) stays in the server's view: a
		// client
		// can only fetch a new token either way.
		return new ApiException(CommonProblem.UNAUTHORIZED, "The access token is invalid, expired or revoked")
			.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
	}

}
