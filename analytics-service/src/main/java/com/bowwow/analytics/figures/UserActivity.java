package com.bowwow.analytics.figures;

import java.time.Instant;

/**
 * {@code GET /api/v1/analytics/users/activity}.
 *
 * @param timeRange the range asked for
 * @param activeUsers users who reported a position in the range
 * @param signalSenders users who sent a signal in the range
 * @param signalReceivers users who received a signal in the range
 * @param engagementRate percentage (0 to 100, one decimal) of the active users who sent
 * or received a signal in the range; 0 without active users
 * @param timestamp when the figures were computed
 */
public record UserActivity(String timeRange, long activeUsers, long signalSenders, long signalReceivers,
		double engagementRate, Instant timestamp) {

}
