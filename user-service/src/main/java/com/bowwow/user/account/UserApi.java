package com.bowwow.user.account;

import java.time.Instant;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.Language;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The wire shapes of the users endpoints (api-v1.md, "Users"). */
final class UserApi {

	private UserApi() {
	}

	/**
	 * {@code POST /api/v1/users/register} body.
	 *
	 * @param deviceToken the APNs device token
	 * @param settings initial settings (optional)
	 * @param refreshToken proof of the device token's account (optional)
	 */
	record RegisterRequest(
			@NotNull(message = "is required") @Pattern(regexp = DeviceTokens.PATTERN,
					message = DeviceTokens.MESSAGE) String deviceToken,
			@Valid SettingsInput settings, @Size(max = 200, message = "is too long") String refreshToken) {

	}

	/**
	 * Registration and refresh: the account, an access token and the install's refresh
	 * token.
	 */
	record RegisterResponse(@JsonProperty("userID") UserId userId, Settings settings, Instant createdAt,
			String accessToken, String tokenType, Instant expiresAt, String refreshToken) {

	}

	/** {@code POST /api/v1/users/token} body. */
	record RefreshRequest(
			@NotNull(message = "is required") @Size(max = 200, message = "is too long") String refreshToken) {

	}

	/** {@code GET /api/v1/users/{userID}}. */
	record UserResponse(@JsonProperty("userID") UserId userId, Settings settings, Instant createdAt) {

		static UserResponse of(User user) {
			return new UserResponse(user.id(), user.settings(), user.createdAt());
		}

	}

	/**
	 * {@code PUT /api/v1/users/{userID}/settings} body: the bare settings, or the iOS
	 * client's envelope {@code {"userID", "settings": {…}}}.
	 */
	record SettingsUpdateRequest(@JsonProperty("userID") UserId userId, SettingsInput settings,
			@JsonProperty("isOffline") Boolean isOffline, DistanceUnit distanceUnit, Language language) {

		SettingsInput effective() {
			return (this.settings != null) ? this.settings
					: new SettingsInput(this.isOffline, this.distanceUnit, this.language);
		}

	}

	/** The settings response, decoded by the iOS client as its User model. */
	record UserDetailsResponse(String id, @JsonProperty("userID") UserId userId, String deviceToken, Settings settings,
			Instant createdAt, Instant updatedAt) {

		static UserDetailsResponse of(User user) {
			// The iOS client decodes deviceToken as a non-optional String: an account
			// whose
			// device token moved to a newer account shows "" until it registers again.
			return new UserDetailsResponse(user.id().toString(), user.id(),
					(user.deviceToken() != null) ? user.deviceToken() : "", user.settings(), user.createdAt(),
					user.updatedAt());
		}

	}

}
