package com.bowwow.signal.sending;

import com.bowwow.common.security.AuthenticatedUser;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SignalController {

	private final SignalSender sender;

	SignalController(SignalSender sender) {
		this.sender = sender;
	}

	@PostMapping("/api/v1/signals")
	@ResponseStatus(HttpStatus.CREATED)
	SignalView send(@AuthenticationPrincipal AuthenticatedUser caller, @Valid @RequestBody SendSignalRequest request) {
		caller.requireSelf(request.senderID());
		return this.sender.send(request.senderID(), request.location().coordinates(), request.maxDistance());
	}

}
