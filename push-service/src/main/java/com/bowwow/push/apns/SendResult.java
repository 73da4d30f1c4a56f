package com.bowwow.push.apns;

import java.util.Set;
import java.util.UUID;

/** How one attempt to hand a notification to APNs ended. */
public sealed interface SendResult {

	/** APNs took it (or, in log mode, it was logged). */
	record Accepted(UUID apnsId) implements SendResult {
	}

	/**
	 * APNs said no.
	 *
	 * @param status the HTTP status
	 * @param reason APNs' reason, e.g. {@code BadDeviceToken}
	 */
	record Rejected(int status, String reason) implements SendResult {

		/** The token itself is useless: never use it again. */
		private static final Set<String> DEAD_TOKEN = Set.of("BadDeviceToken", "Unregistered",
				"DeviceTokenNotForTopic");

		/**
		 * Rejections that may go away on their own: Apple's servers (5xx), too many
		 * pushes to one device (429), and a provider token Pushy renews by itself.
		 */
		private static final Set<String> TRANSIENT = Set.of("TooManyRequests", "InternalServerError",
				"ServiceUnavailable", "Shutdown", "IdleTimeout", "ExpiredProviderToken", "TooManyProviderTokenUpdates");

		public boolean deadToken() {
			return this.status == 410 || (this.reason != null && DEAD_TOKEN.contains(this.reason));
		}

		public boolean isTransient() {
			return !deadToken() && (this.status >= 500 || this.status == 429
					|| (this.reason != null && TRANSIENT.contains(this.reason)));
		}

		/** The reason, or the status when APNs gave none. */
		public String reasonOrStatus() {
			return (this.reason != null && !this.reason.isBlank()) ? this.reason : "HTTP " + this.status;
		}

	}

	/** No answer: connection refused or lost, TLS failure, timeout. Worth a retry. */
	record Failed(String error) implements SendResult {
	}

}
