package com.bowwow.signal.reading;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One page of a history list, newest first.
 *
 * @param <T> the entries
 * @param entries what the reader may see of this page
 * @param next where the next (older) page starts, or null when nothing older remains
 */
record HistoryPage<T>(List<T> entries, Cursor next) {

	/**
	 * A position in a list ordered by (time, id) descending: the next page holds what
	 * comes strictly after it.
	 *
	 * @param before entries strictly older than this (or as old, with a smaller id)
	 * @param beforeId the tie-breaker, or null to take everything strictly older than
	 * {@code before}
	 */
	public record Cursor(Instant before, UUID beforeId) {

	}

}
