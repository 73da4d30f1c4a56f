package com.bowwow.user.safety;

import java.util.List;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.common.id.Uuids;
import com.bowwow.common.problem.ApiException;
import com.bowwow.user.safety.SafetyApi.OperatorReport;
import com.bowwow.user.safety.SafetyApi.SuspensionRequest;
import com.bowwow.user.safety.SafetyApi.SuspensionResponse;
import com.bowwow.user.safety.SafetyStore.Report;
import com.bowwow.user.safety.Suspensions.SuspensionOutcome;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The operators' side of safety. Authenticated by the operator token
 * ({@code bowwow.security.operator.paths} covers {@code /api/v1/operator/**}); user
 * tokens are refused there.
 */
@RestController
@RequestMapping("/api/v1/operator")
class OperatorSafetyController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private final Reports reports;

	private final Suspensions suspensions;

	OperatorSafetyController(Reports reports, Suspensions suspensions) {
		this.reports = reports;
		this.suspensions = suspensions;
	}

	/**
	 * Reports with the status, newest first. Paging: {@code limit} (default 50, at most
	 * 500) and {@code after=<reportID>} (the last report of the previous page); when more
	 * may remain, a {@code Link: <…>; rel="next"} header names the next page.
	 */
	@GetMapping("/reports")
	ResponseEntity<List<OperatorReport>> reports(@RequestParam(name = "status", defaultValue = "open") String status,
			@RequestParam(name = "limit", required = false) Integer limit,
			@RequestParam(name = "after", required = false) String after) {
		ReportStatus wanted;
		try {
			wanted = ReportStatus.fromWire(status);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("status", ex.getMessage());
		}
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		UUID cursor;
		try {
			cursor = (after != null) ? Uuids.parse(after) : null;
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("after", ex.getMessage());
		}
		List<Report> page = this.reports.list(wanted, cursor, size);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (page.size() == size) {
			String next = ServletUriComponentsBuilder.fromCurrentRequestUri()
				.replaceQuery(null)
				.queryParam("status", wanted.wireName())
				.queryParam("limit", size)
				.queryParam("after", page.getLast().id())
				.build()
				.toUriString();
			response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
		}
		return response.body(page.stream().map(OperatorReport::of).toList());
	}

	/** Closes the report; closing a closed report answers it unchanged. */
	@PostMapping("/reports/{reportID}/close")
	OperatorReport close(@PathVariable("reportID") String reportId) {
		UUID id;
		try {
			id = Uuids.parse(reportId);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("reportID", ex.getMessage());
		}
		return OperatorReport.of(this.reports.close(id));
	}

	/** 201 for a new suspension, 200 when it replaced the one in force. */
	@PostMapping("/users/{userID}/suspension")
	ResponseEntity<SuspensionResponse> suspend(@PathVariable("userID") UserId userId,
			@Valid @RequestBody SuspensionRequest request) {
		SuspensionOutcome outcome = this.suspensions.suspend(userId, request.reason().strip(), request.until());
		return ResponseEntity.status(outcome.replaced() ? HttpStatus.OK : HttpStatus.CREATED)
			.body(SuspensionResponse.of(outcome.suspension()));
	}

	/** 204 whether or not the user was suspended. */
	@DeleteMapping("/users/{userID}/suspension")
	ResponseEntity<Void> lift(@PathVariable("userID") UserId userId) {
		this.suspensions.lift(userId);
		return ResponseEntity.noContent().build();
	}

}
