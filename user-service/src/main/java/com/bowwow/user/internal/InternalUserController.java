package com.bowwow.user.internal;

import com.bowwow.user.api.PushTarget;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.account.UserAccounts;
import com.bowwow.user.api.Language;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/internal/users/{userID}")
class InternalUserController {

	private final UserAccounts accounts;

	InternalUserController(UserAccounts accounts) {
		this.accounts = accounts;
	}

	/**
	 * What push-service needs to notify the user; 404 for an unknown (or deleted) user.
	 */
	@GetMapping("/push-target")
	PushTarget pushTarget(@PathVariable("userID") UserId userId) {
		return PushTargetsController.target(this.accounts.get(userId));
	}

	/**
	 * APNs reported the token unregistered or invalid: no more pushes to it until the
	 * user registers again. Idempotent; a token the user has already replaced is ignored.
	 */
	@PostMapping("/device-token/dead")
	ResponseEntity<Void> deviceTokenDead(@PathVariable("userID") UserId userId,
			@Valid @RequestBody(required = false) DeadTokenReport report) {
		this.accounts.markDeviceTokenDead(userId, (report != null) ? report.deviceToken() : null);
		return ResponseEntity.noContent().build();
	}

	/**
	 * @param deviceToken the token APNs refused (optional: the current one)
	 */
	record DeadTokenReport(@Pattern(regexp = "[0-9a-fA-F]{64,200}",
			message = "must be 64 to 200 hexadecimal characters") String deviceToken) {

	}

}
