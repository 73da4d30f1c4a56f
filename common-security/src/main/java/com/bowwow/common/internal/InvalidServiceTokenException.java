package com.bowwow.common.internal;

/** A service token that is malformed, forged, expired or not meant for this service. */
public class InvalidServiceTokenException extends Exception {

	private final boolean expired;

	InvalidServiceTokenException(String reason, boolean expired) {
		super(reason);
		this.expired = expired;
	}

	/** Only expiry is told to the caller; every other reason stays in the log. */
	public boolean expired() {
		return this.expired;
	}

}
