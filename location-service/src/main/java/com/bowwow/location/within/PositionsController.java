package com.bowwow.location.within;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.api.UserPositions;
import com.bowwow.location.position.PositionStore;
import com.bowwow.location.position.StoredPosition;
import com.bowwow.location.safety.SafetyUnavailable;
import com.bowwow.location.settings.UserSettingsStore;

import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /internal/locations/positions?userID=…}: see {@link UserPositions}. */
@RestController
class PositionsController {

	private final PositionStore positions;

	private final UserSettingsStore settings;

	private final LocationProperties properties;

	private final Clock clock;

	private final SafetyReads safety;

	PositionsController(PositionStore positions, UserSettingsStore settings, LocationProperties properties, Clock clock,
			SafetyReads safety) {
		this.safety = safety;
		this.positions = positions;
		this.settings = settings;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping(UserPositions.PATH)
	UserPositions positions(@RequestParam("userID") List<UserId> userIds) {
		if (userIds.isEmpty() || userIds.size() > UserPositions.MAX_USERS) {
			throw ApiException.invalid("userID", "give 1 to " + UserPositions.MAX_USERS + " user IDs");
		}
		Instant notBefore = this.clock.instant().minus(this.properties.retention());
		Set<UserId> hidden = new HashSet<>(this.settings.invisibleAmong(userIds));
		try {
			// Suspended and deleted users are nobody's business.
			hidden.addAll(this.safety.hiddenFromEveryone(userIds));
		}
		catch (DataAccessException ex) {
			throw SafetyUnavailable.problem(ex);
		}
		List<UserPositions.Position> found = this.positions.findAll(userIds, notBefore)
			.stream()
			.filter((position) -> !hidden.contains(position.userId()))
			.map(PositionsController::toWire)
			.toList();
		return new UserPositions(found);
	}

	private static UserPositions.Position toWire(StoredPosition position) {
		return new UserPositions.Position(position.userId(), position.coordinates().latitude(),
				position.coordinates().longitude(), position.reportedAt());
	}

}
