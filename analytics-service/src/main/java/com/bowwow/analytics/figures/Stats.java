package com.bowwow.analytics.figures;

import java.time.Instant;

/**
 * {@code GET /api/v1/analytics/stats}.
 *
 * @param totalUsers accounts not deleted
 * @param activeUsers users who reported a position in the last 24 hours
 * @param totalSignals signals ever sent (responses excluded)
 * @param activeSignals signals sent in the last 10 minutes (still travelling or
 * answerable)
 * @param timestamp when the figures were computed
 */
public record Stats(long totalUsers, long activeUsers, long totalSignals, long activeSignals, Instant timestamp) {

}
