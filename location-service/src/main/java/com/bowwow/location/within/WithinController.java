package com.bowwow.location.within;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.location.LocationProperties;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.location.api.UsersWithin.UserPosition;
import com.bowwow.location.nearby.NearbyService;
import com.bowwow.location.nearby.NearbyService.Found;
import com.bowwow.location.nearby.NearbyService.Movers;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WithinController {

	private final NearbyService nearby;

	private final LocationProperties properties;

	private final Clock clock;

	WithinController(NearbyService nearby, LocationProperties properties, Clock clock) {
		this.nearby = nearby;
		this.properties = properties;
		this.clock = clock;
	}

	@GetMapping(UsersWithin.PATH)
	UsersWithin within(@RequestParam("latitude") double latitude, @RequestParam("longitude") double longitude,
			@RequestParam("radiusMeters") double radiusMeters,
			@RequestParam(name = "limit", required = false) Integer limit,
			@RequestParam(name = "excludeUserID", required = false) UserId exclude,
			@RequestParam(name = "movedSinceEpochMilli", required = false) Long movedSinceEpochMilli,
			@RequestParam(name = "beyondMeters", required = false) Double beyondMeters) {
		Coordinates center;
		try {
			center = Coordinates.of(latitude, longitude);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid(ex.getMessage().startsWith("latitude") ? "latitude" : "longitude",
					ex.getMessage().replaceFirst("^(latitude|longitude) ", ""));
		}
		if (!Double.isFinite(radiusMeters) || radiusMeters <= 0 || radiusMeters > UsersWithin.MAX_RADIUS_METERS) {
			throw ApiException.invalid("radiusMeters",
					"must be greater than 0 and at most " + (long) UsersWithin.MAX_RADIUS_METERS);
		}
		int effectiveLimit = (limit == null) ? UsersWithin.DEFAULT_LIMIT : limit;
		if (effectiveLimit < 1 || effectiveLimit > UsersWithin.MAX_LIMIT) {
			throw ApiException.invalid("limit", "must be between 1 and " + UsersWithin.MAX_LIMIT);
		}
		double beyond = (beyondMeters != null) ? beyondMeters : 0;
		if (!Double.isFinite(beyond) || beyond < 0 || beyond >= radiusMeters) {
			throw ApiException.invalid("beyondMeters", "must be at least 0 and less than radiusMeters");
		}
		if (beyond > 0 && movedSinceEpochMilli != null) {
			throw ApiException.invalid("beyondMeters", "cannot be combined with movedSinceEpochMilli");
		}
		Instant now = this.clock.instant();
		Instant notBefore = now.minus(this.properties.retention());
		List<Found> found;
		Instant asOf;
		Instant movedSince = (movedSinceEpochMilli != null) ? Instant.ofEpochMilli(movedSinceEpochMilli) : null;
		if (movedSince != null && movedSince.isAfter(now.minus(UsersWithin.MOVERS_REMEMBERED))) {
			Movers movers = this.nearby.movedNear(center, radiusMeters, movedSince, notBefore, exclude);
			found = movers.found();
			asOf = movers.asOf();
		}
		else {
			// Read first: whoever moves while the search runs is a mover after it.
			asOf = this.nearby.indexTime();
			// One more than asked tells whether the answer was cut short.
			found = this.nearby.nearest(center, radiusMeters, effectiveLimit + 1, notBefore, exclude, beyond);
		}
		boolean truncated = found.size() > effectiveLimit;
		List<UserPosition> users = found.stream()
			.limit(effectiveLimit)
			.map((f) -> new UserPosition(f.position().userId(), f.position().coordinates().latitude(),
					f.position().coordinates().longitude(), f.distanceMeters(), f.position().reportedAt()))
			.toList();
		return new UsersWithin(users, truncated, asOf.toEpochMilli());
	}

}
