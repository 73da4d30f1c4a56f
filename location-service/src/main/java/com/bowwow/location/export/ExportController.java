package com.bowwow.location.export;

import java.time.Clock;

import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.api.LocationExport;
import com.bowwow.location.position.PositionStore;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.location.settings.UserSettingsStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ExportController {

	private final PositionStore positions;

	private final UserSettingsStore settings;

	private final LocationProperties properties;

	private final Clock clock;

	ExportController(PositionStore positions, UserSettingsStore settings, LocationProperties properties, Clock clock) {
		this.positions = positions;
		this.settings = settings;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping(LocationExport.PATH)
	LocationExport export(@PathVariable("userID") UserId userId) {
		LocationExport.Position position = this.positions
			.find(userId, this.clock.instant().minus(this.properties.retention()))
			.map((p) -> new LocationExport.Position(p.coordinates().latitude(), p.coordinates().longitude(),
					p.reportedAt()))
			.orElse(null);
		UserSettings projected = this.settings.find(userId);
		return new LocationExport(position,
				new LocationExport.Settings(projected.distanceUnit(), projected.isOffline()));
	}

}
