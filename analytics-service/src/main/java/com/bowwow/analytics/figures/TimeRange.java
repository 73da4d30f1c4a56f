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
		if (value == null) {
			return DAY;
		}
		for (TimeRange range : values()) {
			if (range.wire.equals(value)) {
				return range;
			}
		}
		throw new ApiException(CommonProblem.INVALID_PARAMETER,
				"range must be one of " + String.join(", ", ALLOWED) + " (got '" + value + "')")
			.with("parameter", "range")
			.with("allowedValues", ALLOWED);
	}

}
