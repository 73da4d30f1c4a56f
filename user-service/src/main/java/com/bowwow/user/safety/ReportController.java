package com.bowwow.user.safety;

import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.user.safety.SafetyApi.ReportReceipt;
import com.bowwow.user.safety.SafetyApi.ReportRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users report other users; the reporter is always the token's user. */
@RestController
@RequestMapping("/api/v1/reports")
class ReportController {

	private final Reports reports;

	ReportController(Reports reports) {
		this.reports = reports;
	}

	/** 201 for a new report; 200 with the reporter's open report on that user if any. */
	@PostMapping
	ResponseEntity<ReportReceipt> file(@Valid @RequestBody ReportRequest request,
			@AuthenticationPrincipal AuthenticatedUser caller) {
		Reports.Filing filing = this.reports.file(caller.userId(), request.reportedUserId(), request.reason(),
				request.signal(), request.note());
		return ResponseEntity.status(filing.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(ReportReceipt.of(filing.report()));
	}

}
