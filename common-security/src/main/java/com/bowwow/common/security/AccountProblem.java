package com.bowwow.common.security;

import org.springframework.http.HttpStatus;

import com.bowwow.common.problem.ProblemType;

/**
 * Problems about the caller's account itself, answered by every service and the gateway.
 */
public enum AccountProblem implements ProblemType {

	/**
	 * The token is valid but its user is suspended by an operator: 403, not 401, so the
	 * client does not throw its token away (it works again once the suspension is
	 * lifted).
	 */
	ACCOUNT_SUSPENDED(HttpStatus.FORBIDDEN, "Account suspended");

	private final HttpStatus status;

	private final String title;

	AccountProblem(HttpStatus status, String title) {
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
