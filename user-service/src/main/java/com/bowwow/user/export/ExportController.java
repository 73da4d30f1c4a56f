package com.bowwow.user.export;

import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AuthenticatedUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ExportController {

	private final UserExport export;

	ExportController(UserExport export) {
		this.export = export;
	}

	/** Everything held about the caller (only the user themself: 403 otherwise). */
	@GetMapping("/api/v1/users/{userID}/export")
	Map<String, Object> export(@PathVariable("userID") UserId userId,
			@AuthenticationPrincipal AuthenticatedUser caller) {
		caller.requireSelf(userId);
		return this.export.of(userId);
	}

}
