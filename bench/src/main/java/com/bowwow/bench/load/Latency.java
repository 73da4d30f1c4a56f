package com.bowwow.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in microseconds (HdrHistogram, 3 significant digits, safe to
 * record from many threads).
 */
public final class Latency {

	private final Histogram histogram = new ConcurrentHistogram(3);

	public void recordMicros(long micros) {
		this.histogram.recordValue(Math.max(0, micros));
	}

	public void recordNanos(long nanos) {
		recordMicros(nanos / 1_000);
	}

	public long count() {
		return this.histogram.getTotalCount();
	}

	public Summary summary() {
		Histogram copy = this.histogram.copy();
		if (copy.getTotalCount() == 0) {
			return Summary.EMPTY;
		}
		return new Summary(copy.getTotalCount(), ms(copy.getValueAtPercentile(50)), ms(copy.getValueAtPercentile(90)),
				ms(copy.getValueAtPercentile(99)), ms(copy.getMaxValue()));
	}

	private static double ms(long micros) {
		return micros / 1000.0;
	}

	/**
	 * Milliseconds.
	 *
	 * @param count how many values
	 * @param p50 median
	 * @param p90 90th percentile
	 * @param p99 99th percentile
	 * @param max largest
	 */
	public record Summary(long count, double p50, double p90, double p99, double max) {

		static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

		/** Exact percentiles of a small array of microsecond values (may be negative). */
		public static Summary ofMicros(long[] values) {
			if (values.length == 0) {
				return EMPTY;
			}
			long[] sorted = values.clone();
			java.util.Arrays.sort(sorted);
			return new Summary(sorted.length, at(sorted, 50), at(sorted, 90), at(sorted, 99),
					sorted[sorted.length - 1] / 1000.0);
		}

		private static double at(long[] sorted, double percentile) {
			int index = (int) Math.ceil(sorted.length * percentile / 100.0) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
		}

		public Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("count", this.count);
			map.put("p50Ms", round(this.p50));
			map.put("p90Ms", round(this.p90));
			map.put("p99Ms", round(this.p99));
			map.put("maxMs", round(this.max));
			return map;
		}

		static Double round(double value) {
			return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
		}

	}

}
