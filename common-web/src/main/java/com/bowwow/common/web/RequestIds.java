package com.bowwow.common.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request IDs follow a request through the gateway into every service and every log line.
 * A client may bring its own (useful when a user reports a problem); anything that is not
 * a short token of safe characters is replaced, so it cannot be used to inject log lines.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-Id";

	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{8,128}");

	private RequestIds() {
	}

	public static String acceptOrCreate(String candidate) {
		return (candidate != null && ACCEPTABLE.matcher(candidate).matches()) ? candidate
				: UUID.randomUUID().toString();
	}

}
