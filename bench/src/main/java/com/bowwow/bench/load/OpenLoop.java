package com.bowwow.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Constant-rate (open-loop) load: request {@code i} is due at {@code start + i / rate}
 * whatever happened to the earlier ones, and its latency is measured from that intended
 * time, not from when it actually went out. A server (or a load generator) that stalls
 * therefore shows its queueing in the percentiles instead of hiding it (coordinated
 * omission). Requests that would exceed {@code maxInFlight} are not sent and counted as
 * overflow: the step then failed.
 */
public final class OpenLoop {

	private OpenLoop() {
	}

	/**
	 * @param operation one request; completes with whether it succeeded (never errors)
	 */
	public static Result run(double ratePerSecond, Duration duration, int maxInFlight,
			Supplier<Mono<Boolean>> operation) {
		long interval = (long) (1_000_000_000L / ratePerSecond);
		long total = Math.max(1, (long) (ratePerSecond * duration.toNanos() / 1e9));
		Latency latency = new Latency();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicLong failed = new AtomicLong();
		AtomicLong completed = new AtomicLong();
		long overflow = 0;
		long start = System.nanoTime();
		for (long i = 0; i < total; i++) {
			long intended = start + i * interval;
			long wait;
			while ((wait = intended - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			if (inFlight.get() >= maxInFlight) {
				overflow++;
				continue;
			}
			inFlight.incrementAndGet();
			Mono<Boolean> request;
			try {
				request = operation.get();
			}
			catch (RuntimeException ex) {
				inFlight.decrementAndGet();
				failed.incrementAndGet();
				continue;
			}
			request.subscribe((ok) -> {
				latency.recordNanos(System.nanoTime() - intended);
				if (!Boolean.TRUE.equals(ok)) {
					failed.incrementAndGet();
				}
				completed.incrementAndGet();
				inFlight.decrementAndGet();
			}, (ex) -> {
				failed.incrementAndGet();
				inFlight.decrementAndGet();
			});
		}
		long sentUntil = System.nanoTime();
		long deadline = sentUntil + Duration.ofSeconds(25).toNanos();
		while (inFlight.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(1_000_000);
		}
		long unanswered = inFlight.get();
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Result(ratePerSecond, completed.get() / seconds, total, failed.get() + unanswered, overflow,
				latency.summary());
	}

	/**
	 * @param targetRate requests per second asked for
	 * @param achievedRate completed requests per second of wall time (incl. the drain)
	 * @param planned requests due in the step
	 * @param failed requests answered with non-2xx or not answered
	 * @param overflow requests not sent because too many were outstanding
	 * @param latency from intended send time to the full answer
	 */
	public record Result(double targetRate, double achievedRate, long planned, long failed, long overflow,
			Latency.Summary latency) {

		public boolean withinBudget(double p99BudgetMs) {
			return this.failed == 0 && this.overflow == 0 && this.latency.p99() <= p99BudgetMs;
		}

		public Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("targetRate", Math.round(this.targetRate));
			map.put("achievedRate", Math.round(this.achievedRate));
			map.put("planned", this.planned);
			map.put("failed", this.failed);
			map.put("overflow", this.overflow);
			map.put("latency", this.latency.toMap());
			return map;
		}

	}

}
