package com.bowwow.user.internal;

import java.util.List;

import com.bowwow.common.problem.ApiException;
import com.bowwow.user.account.User;
import com.bowwow.user.account.UserAccounts;
import com.bowwow.user.api.PushTarget;
import com.bowwow.user.api.PushTargets;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Many push targets in one call: push-service asks once per batch of wave arrivals rather
 * than once per receiver (a request per receiver cost user-service about 2 ms of CPU
 * each, most of a large wave's cost on a shared machine).
 */
@RestController
class PushTargetsController {

	private final UserAccounts accounts;

	PushTargetsController(UserAccounts accounts) {
		this.accounts = accounts;
	}

	@PostMapping(PushTargets.PATH)
	PushTargets pushTargets(@RequestBody PushTargets.Request request) {
		if (request.userIds() == null || request.userIds().isEmpty()
				|| request.userIds().size() > PushTargets.MAX_USERS) {
			throw ApiException.invalid("userIDs", "must list 1 to " + PushTargets.MAX_USERS + " user IDs");
		}
		if (request.userIds().stream().anyMatch(java.util.Objects::isNull)) {
			throw ApiException.invalid("userIDs", "must not contain null");
		}
		List<PushTarget> targets = this.accounts.getAll(request.userIds())
			.stream()
			.map(PushTargetsController::target)
			.toList();
		return new PushTargets(targets);
	}

	static PushTarget target(User user) {
		return new PushTarget(user.id(), user.deviceToken(), user.tokenStatus(), user.settings().isOffline(),
				user.settings().distanceUnit(), user.settings().language());
	}

}
