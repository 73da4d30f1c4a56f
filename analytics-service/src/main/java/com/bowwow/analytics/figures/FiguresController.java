package com.bowwow.analytics.figures;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator endpoints of the contract; the operator token is checked by common. */
@RestController
@RequestMapping("/api/v1/analytics")
class FiguresController {

	private final Figures figures;

	FiguresController(Figures figures) {
		this.figures = figures;
	}

	@GetMapping("/stats")
	Stats stats() {
		return this.figures.stats();
	}

	@GetMapping("/signals/activity")
	SignalActivity signalActivity(@RequestParam(required = false) String range) {
		return this.figures.signalActivity(TimeRange.parse(range));
	}

	@GetMapping("/users/activity")
	UserActivity userActivity(@RequestParam(required = false) String range) {
		return this.figures.userActivity(TimeRange.parse(range));
	}

}
