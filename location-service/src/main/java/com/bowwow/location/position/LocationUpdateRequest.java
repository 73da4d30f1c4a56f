package com.bowwow.location.position;

import java.time.Instant;

import com.bowwow.common.id.UserId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/**
 * Body of {@code POST /api/v1/locations/update} (client shape).
 *
 * @param userID the reporting user; must be the token's user
 * @param location where and when
 */
record LocationUpdateRequest(@NotNull UserId userID, @NotNull @Valid Location location) {

	/**
	 * @param latitude degrees in [-90, 90]
	 * @param longitude degrees in [-180, 180]
	 * @param timestamp when the phone took the position (RFC 3339)
	 */
	public record Location(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude, @NotNull Instant timestamp) {

	}

}
