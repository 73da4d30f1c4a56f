package com.bowwow.analytics.safety;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/analytics/safety}.
 *
 * @param timeRange the range asked for
 * @param reportsByReason reports filed in the range per reason, keys {@code spam},
 * {@code harassment}, {@code inappropriate}, {@code other}, all present
 * @param totalReports reports filed in the range
 * @param mostReported the most-reported accounts in the range (at most 10, most reports
 * first, then by user ID); deleted accounts are never named
 * @param activeSuspensions accounts suspended now (not lifted, not run out, not deleted)
 * @param blocks blocks made in the range
 * @param timestamp when the figures were computed
 */
public record Safety(String timeRange, Map<String, Long> reportsByReason, long totalReports,
		List<ReportedUser> mostReported, long activeSuspensions, long blocks, Instant timestamp) {

	/**
	 * @param userID the reported account
	 * @param reports reports against it in the range
	 */
	public record ReportedUser(String userID, long reports) {

	}

}
