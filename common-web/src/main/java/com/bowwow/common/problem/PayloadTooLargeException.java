package com.bowwow.common.problem;

import java.io.IOException;

/**
 * Raised while reading a request body that turns out larger than allowed. An
 * {@link IOException} so that it passes through message converters unchanged.
 */
public class PayloadTooLargeException extends IOException {

	private final long limitBytes;

	public PayloadTooLargeException(long limitBytes) {
		super("Request body is larger than " + limitBytes + " bytes");
		this.limitBytes = limitBytes;
	}

	public long limitBytes() {
		return this.limitBytes;
	}

}
