package com.bowwow.signal.reading;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.common.id.Uuids;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.signal.reading.HistoryPage.Cursor;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The received and sent lists, paged with {@code ?limit=N&before=<RFC 3339>} (and
 * {@code beforeID}, the tie-breaker the {@code Link} header carries). Bad paging values
 * are refused with 400, never ignored.
 */
@RestController
class SignalHistoryController {

	private final SignalHistory history;

	SignalHistoryController(SignalHistory history) {
		this.history = history;
	}

	@GetMapping("/api/v1/signals/received/{userID}")
	ResponseEntity<List<ReceivedSignal>> received(@AuthenticationPrincipal AuthenticatedUser caller,
			@PathVariable("userID") UserId userId, @RequestParam(name = "limit", required = false) String limit,
			@RequestParam(name = "before", required = false) String before,
			@RequestParam(name = "beforeID", required = false) String beforeId, HttpServletRequest request) {
		caller.requireSelf(userId);
		int size = limit(limit);
		return page(this.history.received(userId, size, cursor(before, beforeId)), size, request);
	}

	@GetMapping("/api/v1/signals/sent/{userID}")
	ResponseEntity<List<SentSignal>> sent(@AuthenticationPrincipal AuthenticatedUser caller,
			@PathVariable("userID") UserId userId, @RequestParam(name = "limit", required = false) String limit,
			@RequestParam(name = "before", required = false) String before,
			@RequestParam(name = "beforeID", required = false) String beforeId, HttpServletRequest request) {
		caller.requireSelf(userId);
		int size = limit(limit);
		return page(this.history.sent(userId, size, cursor(before, beforeId)), size, request);
	}

	/**
	 * The entries, and when older ones remain a {@code Link} to them. The link is
	 * relative to the host (RFC 8288 allows it), so it is right behind the gateway and
	 * the load balancer whatever host name the client used.
	 */
	private static <T> ResponseEntity<List<T>> page(HistoryPage<T> page, int size, HttpServletRequest request) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (page.next() != null) {
			UriComponentsBuilder next = UriComponentsBuilder.fromPath(request.getRequestURI())
				.queryParam("limit", size)
				.queryParam("before", page.next().before().toString());
			if (page.next().beforeId() != null) {
				next.queryParam("beforeID", page.next().beforeId());
			}
			response.header(HttpHeaders.LINK, "<" + next.encode().build().toUriString() + ">; rel=\"next\"");
		}
		return response.body(page.entries());
	}

	static int limit(String value) {
		if (value == null) {
			return SignalHistory.DEFAULT_LIMIT;
		}
		int limit;
		try {
			limit = Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw ApiException.invalid("limit", "must be a whole number between 1 and " + SignalHistory.MAX_LIMIT);
		}
		if (limit < 1 || limit > SignalHistory.MAX_LIMIT) {
			throw ApiException.invalid("limit", "must be between 1 and " + SignalHistory.MAX_LIMIT);
		}
		return limit;
	}

	static Cursor cursor(String before, String beforeId) {
		if (before == null) {
			if (beforeId != null) {
				throw ApiException.invalid("beforeID", "only valid together with before");
			}
			return null;
		}
		Instant time;
		try {
			time = OffsetDateTime.parse(before, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw ApiException.invalid("before", "must be an RFC 3339 timestamp, e.g. 2026-11-26T12:34:56Z");
		}
		UUID id;
		try {
			id = (beforeId != null) ? Uuids.parse(beforeId) : null;
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("beforeID", ex.getMessage());
		}
		return new Cursor(time, id);
	}

}
