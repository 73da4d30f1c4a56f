package com.bowwow.analytics.safety;

import com.bowwow.analytics.figures.TimeRange;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operators' safety figures; the operator token is checked by common. */
@RestController
class SafetyController {

	private final SafetyFigures figures;

	SafetyController(SafetyFigures figures) {
		this.figures = figures;
	}

	@GetMapping("/api/v1/analytics/safety")
	Safety safety(@RequestParam(required = false) String range) {
		return this.figures.safety(TimeRange.parse(range, SafetyFigures.RANGES));
	}

}
