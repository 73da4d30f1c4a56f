package com.bowwow.location.nearby;

import java.time.Duration;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.location.safety.RateLimiter;
import com.bowwow.location.safety.SafetyUnavailable;

import org.springframework.dao.DataAccessException;

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

	private final RateLimiter limiter;

	NearbyController(NearbyService nearby, RateLimiter limiter) {
		this.nearby = nearby;
		this.limiter = limiter;
	}

	/**
	 * {@code distance} must be a positive number (clamped to the unit maximum);
	 * {@code limit} at least 1, values above 500 are clamped to 500. Per-user rate
	 * limited (429 {@code RATE_LIMITED} with {@code Retry-After}).
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
		// Before any database read: a stalker polling from many spots pays here first.
		Duration wait;
		try {
			wait = this.limiter.nearby(userId);
		}
		catch (DataAccessException ex) {
			throw SafetyUnavailable.problem(ex);
		}
		if (!wait.isZero()) {
			long seconds = RateLimiter.retryAfterSeconds(wait);
			throw new ApiException(CommonProblem.RATE_LIMITED, "Too many nearby queries; retry in " + seconds + " s")
				.header("Retry-After", Long.toString(seconds))
				.with("retryAfterSeconds", seconds);
		}
		return this.nearby.nearby(userId, distance, effectiveLimit);
	}

}
