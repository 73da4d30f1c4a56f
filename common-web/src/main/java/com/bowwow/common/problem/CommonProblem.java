package com.bowwow.common.problem;

import org.springframework.http.HttpStatus;

/** Problems every service can answer with. */
public enum CommonProblem implements ProblemType {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
	MALFORMED_JSON(HttpStatus.BAD_REQUEST, "Malformed request body"),
	INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "Invalid parameter"),
	MISSING_PARAMETER(HttpStatus.BAD_REQUEST, "Missing parameter"), BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Authentication required"), FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"), CONFLICT(HttpStatus.CONFLICT, "Conflict"),
	GONE(HttpStatus.GONE, "Gone"), PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
	GATEWAY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "Upstream timed out");

	private final HttpStatus status;

	private final String title;

	CommonProblem(HttpStatus status, String title) {
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

	/** The generic problem for a status that has no more specific code. */
	public static CommonProblem forStatus(int status) {
		for (CommonProblem problem : values()) {
			if (problem.status.value() == status && problem != VALIDATION_FAILED && problem != MALFORMED_JSON
					&& problem != INVALID_PARAMETER && problem != MISSING_PARAMETER) {
				return problem;
			}
		}
		return (status >= 500) ? INTERNAL_ERROR : BAD_REQUEST;
	}

}
