package com.bowwow.push.users;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.Language;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * user-service's answer to {@code GET /internal/users/{userID}/push-target}.
 *
 * @param userId the user
 * @param deviceToken their APNs device token
 * @param tokenStatus {@code live} or {@code dead}
 * @param isOffline the user is invisible and receives no pushes
 * @param distanceUnit the unit their notifications are written in
 * @param language the language their notifications are written in ({@code en} or
 * {@code ko}); absent (an older user-service) means {@code en}
 */
public record PushTarget(@JsonProperty("userID") UserId userId, String deviceToken, String tokenStatus,
		@JsonProperty("isOffline") boolean isOffline, DistanceUnit distanceUnit, String language) {

	/**
	 * The language to write in: the default (English) when absent, or when a newer
	 * user-service names one this service does not know yet (a push in English rather
	 * than none).
	 */
	public Language notificationLanguage() {
		if (this.language == null) {
			return Language.DEFAULT;
		}
		try {
			return Language.fromWire(this.language);
		}
		catch (IllegalArgumentException ex) {
			return Language.DEFAULT;
		}
	}

	/** Why no push may go to this user, or null when one may. */
	public String skipReason() {
		if (this.isOffline) {
			return "offline";
		}
		if (!"live".equals(this.tokenStatus) || this.deviceToken == null || this.deviceToken.isBlank()) {
			return "dead_token";
		}
		return null;
	}

}
