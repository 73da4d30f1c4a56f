package com.bowwow.push.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert notification for one device, independent of how it is sent.
 *
 * @param deviceToken the receiver's APNs device token (hex)
 * @param title the alert title, in the receiver's language (what the device shows when
 * the app has no string for {@code titleLocKey})
 * @param body the alert body, in the receiver's language (likewise the fallback for
 * {@code locKey})
 * @param payload custom keys next to {@code aps} (strings and numbers)
 * @param expiration when APNs may stop trying to deliver it (the signal's end)
 * @param collapseId notifications with the same ID replace each other on the device (at
 * most 64 bytes); null for none
 * @param titleLocKey the app's string key for the title ({@code title-loc-key}), or null
 * @param locKey the app's string key for the body ({@code loc-key}), or null
 * @param locArgs the arguments of {@code locKey} ({@code loc-args})
 */
public record PushMessage(String deviceToken, String title, String body, Map<String, Object> payload,
		Instant expiration, String collapseId, String titleLocKey, String locKey, List<String> locArgs) {

	public PushMessage {
		Objects.requireNonNull(deviceToken, "deviceToken");
		Objects.requireNonNull(expiration, "expiration");
		payload = Map.copyOf(payload);
		locArgs = (locArgs != null) ? List.copyOf(locArgs) : List.of();
		if (collapseId != null && collapseId.getBytes(StandardCharsets.UTF_8).length > 64) {
			throw new IllegalArgumentException("APNs collapse IDs are at most 64 bytes");
		}
	}

	/** A notification with plain text only (no localisation keys). */
	public PushMessage(String deviceToken, String title, String body, Map<String, Object> payload, Instant expiration,
			String collapseId) {
		this(deviceToken, title, body, payload, expiration, collapseId, null, null, List.of());
	}

	/** The device token shortened for logs (the end is enough to tell tokens apart). */
	public String redactedToken() {
		return "…" + this.deviceToken.substring(Math.max(0, this.deviceToken.length() - 8));
	}

}
