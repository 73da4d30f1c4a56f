package com.bowwow.location.position;

import java.util.Locale;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.security.AuthenticatedUser;
import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LocationUpdateController {

	private final PositionService positions;

	LocationUpdateController(PositionService positions) {
		this.positions = positions;
	}

	@PostMapping("/api/v1/locations/update")
	LocationUpdateResponse update(@AuthenticationPrincipal AuthenticatedUser caller,
			@Valid @RequestBody LocationUpdateRequest request) {
		caller.requireSelf(request.userID());
		LocationUpdateRequest.Location location = request.location();
		UpdateOutcome outcome = this.positions.update(request.userID(),
				Coordinates.of(location.latitude(), location.longitude()), location.timestamp());
		return new LocationUpdateResponse(request.userID(), outcome.name().toLowerCase(Locale.ROOT),
				location.timestamp());
	}

}
