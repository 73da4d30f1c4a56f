package com.bowwow.push.export;

import com.bowwow.common.id.UserId;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/export/{userID}}: service to service (never routed by the
 * gateway); the caller has checked that the user asks for their own data.
 */
@RestController
class ExportController {

	private final PushExport export;

	ExportController(PushExport export) {
		this.export = export;
	}

	@GetMapping("/internal/export/{userID}")
	PushExport.Document export(@PathVariable("userID") UserId userId) {
		return this.export.of(userId);
	}

}
