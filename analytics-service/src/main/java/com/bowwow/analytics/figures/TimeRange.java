package com.bowwow.analytics.figures;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;

/** The ranges the activity endpoints accept, ending now. */
public enum TimeRange {

	HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(5)),

	SIX_HOURS("6h", Duration.ofHours(6), Duration.ofMinutes(15)),

	DAY("24h", Duration.ofHours(24), Duration.ofHours(1)),

	WEEK("7d", Duration.ofDays(7), Duration.ofHours(6)),

	MONTH("30d", Duration.ofDays(30), Duration.ofDays(1));

	/** The values the {@code range} parameter accepts. */
	public static final List<String> ALLOWED = Arrays.stream(values()).map(TimeRange::wire).toList();

	private final String wire;

	private final Duration length;

	private final Duration bucket;

	TimeRange(String wire, Duration length, Duration bucket) {
		this.wire = wire;
		this.length = length;
		this.bucket = bucket;
	}

	/** The name on the wire ({@code timeRange} in responses). */
	public String wire() {
		return this.wire;
	}

	public Duration length() {
		return this.length;
	}

	/** The width of one point of the dashboard's time series for this range. */
	public Duration bucket() {
		return this.bucket;
	}

	/**
	 * Reads the {@code range} parameter; absent means {@code 24h}.
	 * @param value the parameter, null when absent
	 * @return the range
	 * @throws ApiException 400 naming the allowed values
	 */
	public static TimeRange parse(String value) {
		return parse(value, List.of(values()));
	}

	/**
	 * Reads the {@code range} parameter of an endpoint that accepts only some ranges;
	 * absent means {@code 24h}.
	 * @param value the parameter, null when absent
	 * @param allowed the ranges the endpoint accepts (including {@link #DAY})
	 * @return the range
	 * @throws ApiException 400 naming the allowed values
	 */
	public static TimeRange parse(String value, List<TimeRange> allowed) {
		if (value == null) {
			return DAY;
		}
		for (TimeRange range : allowed) {
			if (range.wire.equals(value)) {
				return range;
			}
		}
		List<String> names = allowed.stream().map(TimeRange::wire).toList();
		// The rejected value is echoed only when short: it is caller input.
		String got = (value.length() <= 16) ? " (got '" + value + "')" : "";
		throw new ApiException(CommonProblem.INVALID_PARAMETER,
				"range must be one of " + String.join(", ", names) + got)
			.with("parameter", "range")
			.with("allowedValues", names);
	}

}
