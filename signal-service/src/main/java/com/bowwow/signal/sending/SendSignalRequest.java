package com.bowwow.signal.sending;

import java.time.Instant;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Body of {@code POST /api/v1/signals}.
 *
 * @param senderID must be the caller
 * @param location where the sender stands: the wave's origin
 * @param maxDistance reach in the sender's unit; defaults to, and is clamped to, the unit
 * maximum
 */
record SendSignalRequest(@NotNull UserId senderID, @NotNull @Valid Position location, @Positive Double maxDistance) {

	/**
	 * @param latitude degrees
	 * @param longitude degrees
	 * @param timestamp when the phone took the position (informational)
	 */
	public record Position(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude, Instant timestamp) {

		public Coordinates coordinates() {
			return Coordinates.of(this.latitude, this.longitude);
		}

	}

}
