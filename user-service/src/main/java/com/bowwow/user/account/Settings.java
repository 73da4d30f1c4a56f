package com.bowwow.user.account;

import java.util.Objects;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.user.api.Language;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user's settings, as the client shows them.
 *
 * @param isOffline invisible to everyone: not listed, not streamed, no signals, no pushes
 * @param distanceUnit the unit every distance is shown in
 * @param language the language pushes are written in
 */
public record Settings(@JsonProperty("isOffline") boolean isOffline, DistanceUnit distanceUnit, Language language) {

	public static final Settings DEFAULTS = new Settings(false, DistanceUnit.MILE, Language.DEFAULT);

	public Settings {
		Objects.requireNonNull(distanceUnit, "distanceUnit");
		Objects.requireNonNull(language, "language");
	}

	/** These settings with the given fields replaced; null keeps the current value. */
	public Settings with(SettingsInput input) {
		if (input == null) {
			return this;
		}
		return new Settings((input.isOffline() != null) ? input.isOffline() : this.isOffline,
				(input.distanceUnit() != null) ? input.distanceUnit() : this.distanceUnit,
				(input.language() != null) ? input.language() : this.language);
	}

}
