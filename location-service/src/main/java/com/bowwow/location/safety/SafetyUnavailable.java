package com.bowwow.location.safety;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;

/**
 * Who is blocked or suspended lives in Redis; when it cannot be read, nothing is shown
 * (fail closed) and the client is told to retry shortly.
 */
public final class SafetyUnavailable {

	/** Seconds a client waits before retrying. */
	public static final int RETRY_AFTER_SECONDS = 5;

	private SafetyUnavailable() {
	}

	public static ApiException problem(Throwable cause) {
		return new ApiException(CommonProblem.SERVICE_UNAVAILABLE, "Safety checks are unavailable; try again shortly",
				cause)
			.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
			.with("retryAfterSeconds", RETRY_AFTER_SECONDS);
	}

}
