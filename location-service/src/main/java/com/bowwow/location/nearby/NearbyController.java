package com.bowwow.location.nearby;

import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.AuthenticatedUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NearbyController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private final NearbyService nearby;

	NearbyController(NearbyService nearby) {
		this.nearby = nearby;
	}

	/**
	 * {@code distance} must be a positive number (clamped to the unit maximum);
	 * {@code limit} at least 1, values above 500 are clamped to 500.
	 */
	@GetMapping("/api/v1/locations/nearby/{userID}")
	List<NearbyUser> nearby(@AuthenticationPrincipal AuthenticatedUser caller, @PathVariable("userID") UserId userId,
			@RequestParam(name = "distance", required = false) Double distance,
			@RequestParam(name = "limit", required = false) Integer limit) {
		caller.requireSelf(userId);
		if (distance != null && (!Double.isFinite(distance) || distance <= 0)) {
			throw ApiException.invalid("distance", "must be a number greater than 0");
		}
		if (limit != null && limit < 1) {
			throw ApiException.invalid("limit", "must be at least 1");
		}
		int effectiveLimit = (limit == null) ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
		return this.nearby.nearby(userId, distance, effectiveLimit);
	}

}
