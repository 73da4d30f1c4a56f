package com.bowwow.bench.harness;

import java.util.List;
import java.util.Locale;

/**
 * Whether a figure sampled during the soak stayed flat: the mean of the last third of its
 * samples may exceed the mean of the first third by at most a tolerance. Comparing
 * thirds, not single samples, lets a sawtooth (GC, pools growing and shrinking) pass
 * while a steady climb fails; falling is always flat.
 */
final class Flatness {

	/** Fewer samples than this cannot tell a trend from noise. */
	static final int MIN_SAMPLES = 3;

	private Flatness() {
	}

	/**
	 * Judges one series. Samples that are NaN (unreadable at that moment) are left out of
	 * their third; a third with none left makes the series not judged.
	 * @param notJudged why this series cannot be judged although it has values (null when
	 * it can)
	 */
	static Verdict judge(String series, String unit, List<Double> samples, Tolerance tolerance, String notJudged) {
		int thirds = samples.size() / 3;
		if (samples.size() < MIN_SAMPLES) {
			return new Verdict(series, unit, Double.NaN, Double.NaN, Double.NaN, tolerance, Outcome.NOT_JUDGED,
					"fewer than " + MIN_SAMPLES + " samples");
		}
		double first = mean(samples.subList(0, thirds));
		double last = mean(samples.subList(samples.size() - thirds, samples.size()));
		double allowed = tolerance.allowed(first);
		if (notJudged != null) {
			return new Verdict(series, unit, first, last, allowed, tolerance, Outcome.NOT_JUDGED, notJudged);
		}
		if (!Double.isFinite(first) || !Double.isFinite(last)) {
			return new Verdict(series, unit, first, last, allowed, tolerance, Outcome.NOT_JUDGED,
					"no readable sample in the first or last third");
		}
		return new Verdict(series, unit, first, last, allowed, tolerance,
				(last - first > allowed) ? Outcome.GREW : Outcome.FLAT, null);
	}

	private static double mean(List<Double> values) {
		double sum = 0;
		int count = 0;
		for (Double value : values) {
			if (value != null && Double.isFinite(value)) {
				sum += value;
				count++;
			}
		}
		return (count > 0) ? sum / count : Double.NaN;
	}

	/**
	 * How much the last third may exceed the first: the larger of a share of the first
	 * third's mean and an absolute amount (small counts such as 8 connections need a
	 * floor, or one more connection would fail them).
	 *
	 * @param relative e.g. 0.10 for +10 %
	 * @param absolute in the series' unit, 0 for none
	 */
	record Tolerance(double relative, double absolute) {

		double allowed(double first) {
			return Math.max(this.relative * Math.abs(first), this.absolute);
		}

		String describe(String unit) {
			String share = String.format(Locale.ROOT, "+%.0f %%", this.relative * 100);
			String amount = (this.absolute == Math.rint(this.absolute)) ? Long.toString((long) this.absolute)
					: Report.format(this.absolute);
			return (this.absolute > 0)
					? String.format(Locale.ROOT, "%s or +%s, whichever is larger", share, (amount + " " + unit).trim())
					: share;
		}

	}

	enum Outcome {

		FLAT("flat"), GREW("GREW"), NOT_JUDGED("not judged");

		private final String label;

		Outcome(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

	/**
	 * @param series what was sampled, e.g. "gateway RSS"
	 * @param unit its unit
	 * @param first mean of the first third
	 * @param last mean of the last third
	 * @param allowed how much {@code last} may exceed {@code first}
	 * @param tolerance the rule that gave {@code allowed}
	 * @param outcome flat, grew or not judged
	 * @param reason why not judged (null otherwise)
	 */
	record Verdict(String series, String unit, double first, double last, double allowed, Tolerance tolerance,
			Outcome outcome, String reason) {

		boolean grew() {
			return this.outcome == Outcome.GREW;
		}

		double change() {
			return this.last - this.first;
		}

	}

}
