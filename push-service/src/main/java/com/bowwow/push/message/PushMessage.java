package com.bowwow.push.message;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert notification for one device, independent of how it is sent.
 *
 * @param deviceToken the receiver's APNs device token (hex)
 * @param title the alert title
 * @param body the alert body
 * @param payload custom keys next to {@code aps} (strings and numbers)
 * @param expiration when APNs may stop trying to deliver it (the signal's end)
 * @param collapseId notifications with the same ID replace each other on the device (at
 * most 64 bytes); null for none
 */
public record PushMessage(String deviceToken, String title, String body, Map<String, Object> payload,
		Instant expiration, String collapseId) {

	public PushMessage {
		Objects.requireNonNull(deviceToken, "deviceToken");
		Objects.requireNonNull(expiration, "expiration");
		payload = Map.copyOf(payload);
		if (collapseId != null && collapseId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
			throw new IllegalArgumentException("APNs collapse IDs are at most 64 bytes");
		}
	}

	/** The device token shortened for logs (the end is enough to tell tokens apart). */
	public String redactedToken() {
		return "…" + this.deviceToken.substring(Math.max(0, this.deviceToken.length() - 8));
	}

}
