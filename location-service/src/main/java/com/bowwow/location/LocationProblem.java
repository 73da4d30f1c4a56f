package com.bowwow.location;

import com.bowwow.common.problem.ProblemType;

import org.springframework.http.HttpStatus;

/** location-service's own problems (stable codes). */
public enum LocationProblem implements ProblemType {

	/** The caller is in offline mode: visibility is mutual, so they see no one. */
	USER_OFFLINE(HttpStatus.CONFLICT, "User is offline"),

	/**
	 * The caller is suspended (the edge refuses their tokens too; this is the second
	 * line).
	 */
	ACCOUNT_SUSPENDED(HttpStatus.FORBIDDEN, "Account suspended");

	private final HttpStatus status;

	private final String title;

	LocationProblem(HttpStatus status, String title) {
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
