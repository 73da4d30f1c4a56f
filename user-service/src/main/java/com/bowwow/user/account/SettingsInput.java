package com.bowwow.user.account;

import com.bowwow.common.geo.DistanceUnit;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings as a client sends them; a missing field keeps its current (or default) value.
 *
 * @param isOffline whether the user is invisible
 * @param distanceUnit {@code mile} or {@code kilometer}
 */
public record SettingsInput(@JsonProperty("isOffline") Boolean isOffline, DistanceUnit distanceUnit) {

	boolean isEmpty() {
		return this.isOffline == null && this.distanceUnit == null;
	}

}
