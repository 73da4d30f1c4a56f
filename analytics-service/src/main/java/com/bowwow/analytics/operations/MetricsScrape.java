package com.bowwow.analytics.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures the dashboard takes from one service's Prometheus endpoint at one moment.
 * Counters are totals since the process started.
 *
 * @param at when it was read
 * @param requests HTTP requests answered (the management port's own excluded)
 * @param serverErrors of those, answered with a 5xx status
 * @param outboxBacklog committed events not yet relayed (null when the service publishes
 * none)
 * @param deadLettered pushes that finally failed (push-service only, else null)
 * @param lateness cumulative wave-lateness histogram, upper bound in seconds → count
 * (signal-service only, else empty)
 */
record MetricsScrape(Instant at, double requests, double serverErrors, Double outboxBacklog, Double deadLettered,
		TreeMap<Double, Double> lateness) {

	static final String REQUESTS = "http_server_requests_seconds_count";

	static final String OUTBOX_BACKLOG = "bowwow_events_outbox_backlog";

	static final String DEAD_LETTERED = "bowwow_push_dead_lettered_total";

	static final String LATENESS_BUCKET = "bowwow_signal_arrival_lateness_seconds_bucket";

	static MetricsScrape of(Instant at, List<PrometheusText.Sample> samples) {
		double requests = 0;
		double errors = 0;
		Double backlog = null;
		Double deadLettered = null;
		TreeMap<Double, Double> lateness = new TreeMap<>();
		for (PrometheusText.Sample sample : samples) {
			Map<String, String> labels = sample.labels();
			switch (sample.name()) {
				case REQUESTS -> {
					if (labels.getOrDefault("uri", "").startsWith("/actuator")) {
						continue;
					}
					requests += sample.value();
					if (labels.getOrDefault("status", "").startsWith("5")) {
						errors += sample.value();
					}
				}
				case OUTBOX_BACKLOG -> backlog = sum(backlog, sample.value());
				case DEAD_LETTERED -> deadLettered = sum(deadLettered, sample.value());
				case LATENESS_BUCKET -> {
					String le = labels.get("le");
					if (le != null) {
						double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
						lateness.merge(bound, sample.value(), Double::sum);
					}
				}
				default -> {
				}
			}
		}
		return new MetricsScrape(at, requests, errors, backlog, deadLettered, lateness);
	}

	private static Double sum(Double total, double value) {
		// a gauge that cannot read its source exports NaN: unknown, not zero
		if (Double.isNaN(value)) {
			return total;
		}
		return (total != null) ? total + value : value;
	}

	/**
	 * The histogram's growth since {@code earlier} (or its whole content when there is
	 * none or the process restarted).
	 */
	TreeMap<Double, Double> latenessSince(MetricsScrape earlier) {
		TreeMap<Double, Double> delta = new TreeMap<>();
		boolean restarted = earlier == null || this.lateness.getOrDefault(Double.POSITIVE_INFINITY,
				0.0) < earlier.lateness.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
		this.lateness.forEach((bound, count) -> delta.put(bound,
				restarted ? count : count - earlier.lateness.getOrDefault(bound, 0.0)));
		return delta;
	}

	/**
	 * The q-quantile of a cumulative histogram in seconds, interpolated linearly inside
	 * its bucket as Prometheus's {@code histogram_quantile} does; null when empty.
	 */
	static Double quantile(double q, TreeMap<Double, Double> cumulative) {
		if (cumulative.isEmpty()) {
			return null;
		}
		double total = cumulative.lastEntry().getValue();
		if (total <= 0) {
			return null;
		}
		double rank = q * total;
		double lowerBound = 0;
		double lowerCount = 0;
		for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
			if (bucket.getValue() >= rank) {
				if (bucket.getKey().isInfinite()) {
					// beyond the last finite bound: that bound is all we know
					return lowerBound;
				}
				double inBucket = bucket.getValue() - lowerCount;
				double fraction = (inBucket > 0) ? (rank - lowerCount) / inBucket : 1;
				return lowerBound + (bucket.getKey() - lowerBound) * fraction;
			}
			lowerBound = bucket.getKey();
			lowerCount = bucket.getValue();
		}
		return lowerBound;
	}

}
