package com.bowwow.gateway.edge;

import com.bowwow.common.problem.ProblemType;

import org.springframework.http.HttpStatus;

/** Problems only the edge answers with: requests refused before any service sees them. */
public enum EdgeProblem implements ProblemType {

	/** The request line or headers could not be parsed as HTTP. */
	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
	URI_TOO_LONG(HttpStatus.URI_TOO_LONG, "URI too long"),
	HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request header fields too large"),
	/** A browser's cross-origin request from an origin that is not allowed. */
	CORS_REJECTED(HttpStatus.FORBIDDEN, "Cross-origin request refused");

	private final HttpStatus status;

	private final String title;

	EdgeProblem(HttpStatus status, String title) {
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
