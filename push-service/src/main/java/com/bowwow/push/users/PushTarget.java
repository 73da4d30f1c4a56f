package com.bowwow.push.users;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * user-service's answer to {@code GET /internal/users/{userID}/push-target}.
 *
 * @param userId the user
 * @param deviceToken their APNs device token
 * @param tokenStatus {@code live} or {@code dead}
 * @param isOffline the user is invisible and receives no pushes
 * @param distanceUnit the unit their notifications are written in
 */
public record PushTarget(@JsonProperty("userID") UserId userId, String deviceToken, String tokenStatus,
		@JsonProperty("isOffline") boolean isOffline, DistanceUnit distanceUnit) {

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
