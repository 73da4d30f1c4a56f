package com.bowwow.user.token;

import com.bowwow.common.problem.ProblemType;

import org.springframework.http.HttpStatus;

/** Problems of the token endpoints. */
public enum TokenProblem implements ProblemType {

	/** Unknown, replaced, revoked or expired refresh token: register again. */
	INVALID_REFRESH_TOKEN(HttpStatus.UNAUTHORIZED, "Invalid refresh token");

	private final HttpStatus status;

	private final String title;

	TokenProblem(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	@Override
	public String code() {
		return name();
	}

	@Override
	public String title() {
		return this.title;
	}

}
