package com.bowwow.analytics.figures;

import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/analytics/signals/activity}.
 *
 * @param timeRange the range asked for
 * @param signalsByHour signals sent in the range per UTC hour of day, keys {@code "0"} to
 * {@code "23"}, all present
 * @param signalsByDistance signals sent in the range per reach band, keys {@code 0-2},
 * {@code 3-5}, {@code 6-8}, {@code 9-10}, {@code 10+} (miles), all present
 * @param totalSignals signals sent in the range
 * @param timestamp when the figures were computed
 */
public record SignalActivity(String timeRange, Map<String, Long> signalsByHour, Map<String, Long> signalsByDistance,
		long totalSignals, Instant timestamp) {

}
