package com.bowwow.user.api;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of {@code GET /internal/users/{userID}/push-target} (user-service to
 * push-service only): what push-service needs to notify the user. 404 for an unknown or
 * deleted user.
 *
 * @param userId the user
 * @param deviceToken their APNs device token
 * @param tokenStatus {@code live}, or {@code dead} when APNs refused it (send nothing)
 * @param isOffline the user is invisible and receives no pushes
 * @param distanceUnit the unit their notifications are written in
 * @param language the language their notifications are written in
 */
public record PushTarget(@JsonProperty("userID") UserId userId, String deviceToken, DeviceTokenStatus tokenStatus,
		@JsonProperty("isOffline") boolean isOffline, DistanceUnit distanceUnit, Language language) {

	public static final String PATH = "/internal/users/{userID}/push-target";

	/**
	 * Reads an answer leniently, since user-service may be newer: a token status other
	 * than {@code live} sends nothing, and a language that is absent (an older
	 * user-service) or unknown is written in the default (a push in English rather than
	 * none).
	 */
	@JsonCreator
	static PushTarget read(@JsonProperty("userID") UserId userId, @JsonProperty("deviceToken") String deviceToken,
			@JsonProperty("tokenStatus") String tokenStatus, @JsonProperty("isOffline") boolean isOffline,
			@JsonProperty("distanceUnit") DistanceUnit distanceUnit, @JsonProperty("language") String language) {
		DeviceTokenStatus status = DeviceTokenStatus.LIVE.wireName().equals(tokenStatus) ? DeviceTokenStatus.LIVE
				: DeviceTokenStatus.DEAD;
		return new PushTarget(userId, deviceToken, status, isOffline, distanceUnit, knownOrDefault(language));
	}

	private static Language knownOrDefault(String language) {
		try {
			return (language != null) ? Language.fromWire(language) : Language.DEFAULT;
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
		if (this.tokenStatus != DeviceTokenStatus.LIVE || this.deviceToken == null || this.deviceToken.isBlank()) {
			return "dead_token";
		}
		return null;
	}

}
