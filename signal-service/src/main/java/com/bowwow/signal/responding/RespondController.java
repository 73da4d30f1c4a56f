package com.bowwow.signal.responding;

import java.util.UUID;

import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.signal.sending.SignalView;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/signals/{signalID}/respond}. Both clients' bodies ({"signalID",
 * "userID", "respondedAt"} and the older {"senderID", "location", "maxDistance"}) are
 * accepted and not needed: the responder is always the token's user, and positions come
 * from location-service.
 */
@RestController
class RespondController {

	private final Responder responder;

	RespondController(Responder responder) {
		this.responder = responder;
	}

	@PostMapping("/api/v1/signals/{signalID}/respond")
	ResponseEntity<SignalView> respond(@AuthenticationPrincipal AuthenticatedUser caller,
			@PathVariable("signalID") UUID signalId) {
		Responder.Outcome outcome = this.responder.respond(caller.userId(), signalId);
		return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK).body(outcome.response());
	}

}
