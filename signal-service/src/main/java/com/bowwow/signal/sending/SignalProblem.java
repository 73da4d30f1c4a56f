package com.bowwow.signal.sending;

import com.bowwow.common.problem.ProblemType;

import org.springframework.http.HttpStatus;

/** The signal-specific problems of the contract. */
public enum SignalProblem implements ProblemType {

	SIGNAL_COOLDOWN_ACTIVE(HttpStatus.TOO_MANY_REQUESTS, "Signal cooldown active"),
	SIGNAL_USER_OFFLINE(HttpStatus.CONFLICT, "Sender is offline"),
	SIGNAL_NOT_FOUND(HttpStatus.NOT_FOUND, "Signal not found"),
	SIGNAL_NOT_RECEIVED(HttpStatus.FORBIDDEN, "Signal not received"), SIGNAL_EXPIRED(HttpStatus.GONE, "Signal expired"),
	SIGNAL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Signals unavailable"),
	USER_BLOCKED(HttpStatus.FORBIDDEN, "User blocked"), ACCOUNT_SUSPENDED(HttpStatus.FORBIDDEN, "Account suspended");

	private final HttpStatus status;

	private final String title;

	SignalProblem(HttpStatus status, String title) {
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
