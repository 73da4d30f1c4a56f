package com.bowwow.signal.reading;

import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AuthenticatedUser;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SignalHistoryController {

	private final SignalHistory history;

	SignalHistoryController(SignalHistory history) {
		this.history = history;
	}

	@GetMapping("/api/v1/signals/received/{userID}")
	List<ReceivedSignal> received(@AuthenticationPrincipal AuthenticatedUser caller,
			@PathVariable("userID") UserId userId) {
		caller.requireSelf(userId);
		return this.history.received(userId);
	}

	@GetMapping("/api/v1/signals/sent/{userID}")
	List<SentSignal> sent(@AuthenticationPrincipal AuthenticatedUser caller, @PathVariable("userID") UserId userId) {
		caller.requireSelf(userId);
		return this.history.sent(userId);
	}

}
