package com.bowwow.user.account;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.user.api.Language;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings as a client sends them; a missing field keeps its current (or default) value.
 *
 * @param isOffline whether the user is invisible
 * @param distanceUnit {@code mile} or {@code kilometer}
 * @param language {@code en} or {@code ko}
 */
record SettingsInput(@JsonProperty("isOffline") Boolean isOffline, DistanceUnit distanceUnit, Language language) {

	boolean isEmpty() {
		return this.isOffline == null && this.distanceUnit == null && this.language == null;
	}

}
