package com.bowwow.common.events;

import java.nio.charset.StandardCharsets;

/**
 * What the relay and the consumers both need of Redis's raw interface: keys as bytes, and
 * its error replies, which arrive only as text somewhere in an exception's causes.
 */
final class RedisText {

	private RedisText() {
	}

	/** Whether an error reply (e.g. {@code NOGROUP}, {@code no such key}) caused this. */
	static boolean causeMentions(Throwable ex, String text) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t.getMessage() != null && t.getMessage().contains(text)) {
				return true;
			}
		}
		return false;
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
