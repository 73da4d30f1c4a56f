package com.bowwow.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * The highest constant rate whose p99 stays inside a budget with no failures: rates grow
 * geometrically until a step misses the budget, then one step halfway between the last
 * good and the first bad rate refines the answer.
 */
public final class RateSearch {

	private RateSearch() {
	}

	public static Outcome find(double startRate, double factor, int maxSteps, Duration stepDuration, double p99BudgetMs,
			int maxInFlight, Supplier<Mono<Boolean>> operation, Consumer<String> progress) {
		List<OpenLoop.Result> steps = new ArrayList<>();
		OpenLoop.Result best = null;
		OpenLoop.Result firstMiss = null;
		double rate = startRate;
		for (int i = 0; i < maxSteps; i++) {
			OpenLoop.Result step = OpenLoop.run(rate, stepDuration, maxInFlight, operation);
			steps.add(step);
			progress.accept(describe(step, p99BudgetMs));
			if (!step.withinBudget(p99BudgetMs)) {
				firstMiss = step;
				break;
			}
			best = step;
			rate *= factor;
		}
		if (best == null && firstMiss != null) {
			// Not even the first rate held: try a much lower one so there is a figure.
			OpenLoop.Result step = OpenLoop.run(startRate / 4, stepDuration, maxInFlight, operation);
			steps.add(step);
			progress.accept(describe(step, p99BudgetMs));
			if (step.withinBudget(p99BudgetMs)) {
				best = step;
			}
		}
		else if (best != null && firstMiss != null) {
			OpenLoop.Result step = OpenLoop.run((best.targetRate() + firstMiss.targetRate()) / 2, stepDuration,
					maxInFlight, operation);
			steps.add(step);
			progress.accept(describe(step, p99BudgetMs));
			if (step.withinBudget(p99BudgetMs)) {
				best = step;
			}
		}
		return new Outcome(best, steps);
	}

	private static String describe(OpenLoop.Result step, double budget) {
		return String.format("    %6.0f/s -> p50 %6.2f ms p99 %7.2f ms, %d failed, %d overflow: %s", step.targetRate(),
				step.latency().p50(), step.latency().p99(), step.failed(), step.overflow(),
				step.withinBudget(budget) ? "within budget" : "over budget");
	}

	/**
	 * @param best the highest rate within budget, or null
	 * @param steps every step run
	 */
	public record Outcome(OpenLoop.Result best, List<OpenLoop.Result> steps) {

		public double bestRate() {
			return (this.best != null) ? this.best.targetRate() : 0;
		}

	}

}
