package com.bowwow.common.problem;

import java.net.URI;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.MDC;

import org.springframework.http.ProblemDetail;

/**
 * Builds the one problem shape every service answers with: RFC 9457 members plus a stable
 * {@code code}, the {@code requestId} for support, and {@code errors} for validation.
 */
public final class Problems {

	/** MDC key and log field carrying the request ID. */
	public static final String REQUEST_ID_MDC_KEY = "requestId";

	private static final String TYPE_BASE = "https://api.bowwow.app/problems/";

	private Problems() {
	}

	public static ProblemDetail of(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(typeUri(type));
		problem.setTitle(type.title());
		problem.setProperty("code", type.code());
		String requestId = MDC.get(REQUEST_ID_MDC_KEY);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

	public static ProblemDetail of(ProblemType type, String detail, String instance) {
		return withInstance(of(type, detail), instance);
	}

	public static ProblemDetail withInstance(ProblemDetail problem, String instance) {
		if (instance != null) {
			try {
				problem.setInstance(URI.create(instance));
			}
			catch (IllegalArgumentException ex) {
				// A path that is not a valid URI reference is left out rather than
				// failing the response.
			}
		}
		return problem;
	}

	public static ProblemDetail validation(List<FieldViolation> violations) {
		String detail = violations.isEmpty() ? "The request is invalid"
				: violations.stream().map((v) -> v.field() + ": " + v.message()).reduce((a, b) -> a + "; " + b).get();
		ProblemDetail problem = of(CommonProblem.VALIDATION_FAILED, detail);
		problem.setProperty("errors", violations);
		return problem;
	}

	/**
	 * The JSON members of a problem in RFC 9457 order, for writers that work outside
	 * Spring MVC's message converters (servlet filters, the error page, WebFlux
	 * handlers).
	 */
	public static Map<String, Object> toMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			body.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

	public static URI typeUri(ProblemType type) {
		return URI.create(TYPE_BASE + type.code().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

}
