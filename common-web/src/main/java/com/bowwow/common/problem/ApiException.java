package com.bowwow.common.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;

/**
 * A failure that should reach the client as a problem response. Controllers and domain
 * code throw it; the one advice per service renders it. Extra members (e.g.
 * {@code retryAfterSeconds}) and headers (e.g. {@code Retry-After}) travel with it.
 */
public class ApiException extends RuntimeException {

	private final ProblemType type;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final HttpHeaders headers = new HttpHeaders();

	public ApiException(ProblemType type, String detail) {
		super(detail);
		this.type = type;
	}

	public ApiException(ProblemType type, String detail, Throwable cause) {
		super(detail, cause);
		this.type = type;
	}

	public static ApiException notFound(String detail) {
		return new ApiException(CommonProblem.NOT_FOUND, detail);
	}

	public static ApiException forbidden(String detail) {
		return new ApiException(CommonProblem.FORBIDDEN, detail);
	}

	public static ApiException invalid(String field, String message) {
		return new ApiException(CommonProblem.VALIDATION_FAILED, field + ": " + message).with("errors",
				List.of(new FieldViolation(field, message)));
	}

	public ApiException with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	public ApiException header(String name, String value) {
		this.headers.set(name, value);
		return this;
	}

	public ProblemType type() {
		return this.type;
	}

	public Map<String, Object> properties() {
		return Map.copyOf(this.properties);
	}

	public HttpHeaders headers() {
		return HttpHeaders.readOnlyHttpHeaders(this.headers);
	}

}
