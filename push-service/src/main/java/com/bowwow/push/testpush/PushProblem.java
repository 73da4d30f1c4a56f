package com.bowwow.push.testpush;

import com.bowwow.common.problem.ProblemType;

import org.springframework.http.HttpStatus;

/** push-service's own problems. */
enum PushProblem implements ProblemType {

	/** Test pushes come too fast. */
	PUSH_TEST_RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many test pushes"),

	/** The caller is in offline mode: no pushes reach them, not even a test. */
	PUSH_USER_OFFLINE(HttpStatus.CONFLICT, "User is offline"),

	/** APNs refused the caller's device token; registering again gives a new one. */
	PUSH_DEVICE_TOKEN_DEAD(HttpStatus.CONFLICT, "Device token is dead"),

	/** user-service, which knows the device token, cannot be reached. */
	PUSH_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Push unavailable");

	private final HttpStatus status;

	private final String title;

	PushProblem(HttpStatus status, String title) {
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
