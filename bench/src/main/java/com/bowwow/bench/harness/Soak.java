package com.bowwow.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.bowwow.bench.harness.Flatness.Tolerance;
import com.bowwow.bench.harness.Flatness.Verdict;
import com.bowwow.bench.load.ErrorLog;
import com.bowwow.bench.load.OpenLoop;
import com.bowwow.bench.workload.Streams;
import com.bowwow.bench.workload.Waves;
import reactor.core.publisher.Mono;

/**
 * The soak (fault scenario 9 of issue 17): a constant open-loop mixed workload for a long
 * time with the WebSocket subscribers open and a small wave every few seconds, the stack
 * sampled every {@link #INTERVAL}. It passes when nothing failed and no figure grew: for
 * each series the last third's mean stays within its tolerance of the first third's (see
 * {@link Flatness}). Everything before the soak (set-up, warm-up, the rate search) is
 * outside its samples.
 */
final class Soak {

	static final Duration INTERVAL = Duration.ofSeconds(30);

	/** A wave starts every this often (or as soon as the previous one has passed). */
	static final Duration WAVE_PERIOD = Duration.ofSeconds(10);

	/** Receivers of each soak wave: small, so waves are frequent without flooding. */
	static final int WAVE_RECEIVERS = 20;

	static final Tolerance RSS = new Tolerance(0.10, 0);

	static final Tolerance HEAP_AFTER_GC = new Tolerance(0.15, 0);

	/** Threads, descriptors and connections: +10 % or +5, whichever is larger. */
	static final Tolerance COUNT = new Tolerance(0.10, 5);

	private final Supplier<Mono<Boolean>> operation;

	private final double rate;

	private final Duration length;

	private final StackProbe probe;

	private final ErrorLog errors;

	private final Streams streams;

	private final Waves waves;

	private final Consumer<String> progress;

	private final WaveTally tally = new WaveTally();

	Soak(Supplier<Mono<Boolean>> operation, double rate, Duration length, StackProbe probe, ErrorLog errors,
			Streams streams, Waves waves, Consumer<String> progress) {
		this.operation = operation;
		this.rate = rate;
		this.length = length;
		this.probe = probe;
		this.errors = errors;
		this.streams = streams;
		this.waves = waves;
		this.progress = progress;
	}

	/** Runs the soak; the samples are taken beside the load so that it never pauses. */
	List<Sample> run() throws InterruptedException {
		int intervals = (int) Math.max(1, this.length.toSeconds() / INTERVAL.toSeconds());
		WaveTally tally = this.tally;
		AtomicBoolean stop = new AtomicBoolean();
		Thread waveThread = Thread.ofPlatform().name("soak-waves").daemon().start(() -> sendWaves(tally, stop));
		ExecutorService sampler = Executors
			.newSingleThreadExecutor((r) -> Thread.ofPlatform().name("soak-sampler").daemon().unstarted(r));
		List<Future<Sample>> pending = new ArrayList<>();
		long start = System.nanoTime();
		try {
			pending.add(sampler.submit(() -> sample(0, null)));
			for (int i = 1; i <= intervals; i++) {
				long errorsBefore = this.errors.total();
				Map<String, Long> kindsBefore = this.errors.snapshot();
				WaveCounts wavesBefore = tally.counts();
				OpenLoop.Result load = OpenLoop.run(this.rate, INTERVAL, 512, this.operation);
				double seconds = (System.nanoTime() - start) / 1e9;
				Interval interval = new Interval(load.planned(), load.planned() - load.overflow() - load.failed(),
						this.errors.total() - errorsBefore + load.overflow(), load.overflow(), load.latency().p50(),
						load.latency().p99(), tally.counts().minus(wavesBefore), this.streams.connected(),
						increase(kindsBefore, this.errors.snapshot()));
				pending.add(sampler.submit(() -> sample(seconds, interval)));
			}
		}
		finally {
			stop.set(true);
			waveThread.join(Duration.ofSeconds(30));
			sampler.shutdown();
		}
		List<Sample> samples = new ArrayList<>();
		for (Future<Sample> future : pending) {
			try {
				samples.add(future.get());
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("A soak sample failed", ex.getCause());
			}
		}
		return samples;
	}

	/**
	 * The errors counted between two {@link ErrorLog#snapshot() snapshots}, by endpoint
	 * and status, so that a soak's few errors can be told from the run's.
	 */
	static Map<String, Long> increase(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> increase = new java.util.TreeMap<>();
		after.forEach((kind, count) -> {
			long more = count - before.getOrDefault(kind, 0L);
			if (more > 0) {
				increase.put(kind, more);
			}
		});
		return increase;
	}

	/** Every wave of the soak, the last one (ended after the last sample) included. */
	WaveCounts waves() {
		return this.tally.counts();
	}

	private Sample sample(double seconds, Interval interval) {
		Sample sample = new Sample(seconds, interval, this.probe.sample());
		this.progress.accept(sample.line());
		return sample;
	}

	private void sendWaves(WaveTally tally, AtomicBoolean stop) {
		int n = 0;
		while (!stop.get()) {
			long begin = System.nanoTime();
			n++;
			try {
				Waves.Outcome outcome = this.waves.send("soak wave " + n, WAVE_RECEIVERS);
				tally.add(outcome);
			}
			catch (RuntimeException ex) {
				// a refused request is in the error log already; the wave itself failed
				tally.notSent.incrementAndGet();
				this.progress.accept("  soak wave " + n + " not sent: " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			long rest = WAVE_PERIOD.toNanos() - (System.nanoTime() - begin);
			if (rest > 0 && !stop.get()) {
				java.util.concurrent.locks.LockSupport.parkNanos(rest);
			}
		}
	}

	/**
	 * The samples the verdict reads: from the end of the first interval on. The start
	 * sample comes before the soak's own mix has run once (its first waves register
	 * senders and make push-service deliver: pools and lazily opened files grow once
	 * then); it stays in the table as a reference.
	 */
	static List<Sample> judged(List<Sample> samples) {
		return (!samples.isEmpty() && samples.get(0).interval() == null) ? samples.subList(1, samples.size()) : samples;
	}

	/**
	 * The series judged for flatness, from the {@linkplain #judged judged} samples: per
	 * service RSS, heap after GC, threads, descriptors and pool connections, then the
	 * stack's PostgreSQL connections and Redis clients.
	 * <p>
	 * Heap after GC only counts where a major GC has happened since the first sample: a
	 * figure left by a GC before the soak describes a stack without the soak's state (the
	 * 3-minute run compared the gateway's last GC before the subscribers connected with
	 * its first one after: +10 MiB of sessions, not a leak).
	 * @param all every sample, the first one as the reference
	 */
	static List<Verdict> verdicts(List<Sample> all) {
		List<Verdict> verdicts = new ArrayList<>();
		if (all.isEmpty()) {
			return verdicts;
		}
		List<Sample> samples = judged(all);
		for (String service : samples.get(0).stack().services().keySet()) {
			Function<Function<StackProbe.Service, Double>, List<Double>> series = (figure) -> samples.stream()
				.map((s) -> {
					StackProbe.Service figures = s.stack().services().get(service);
					return (figures != null) ? figure.apply(figures) : Double.NaN;
				})
				.toList();
			verdicts.add(Flatness.judge(service + " RSS", "MiB", series.apply(StackProbe.Service::rssMiB), RSS, null));
			StackProbe.Service reference = all.get(0).stack().services().get(service);
			double gcsAtStart = (reference != null) ? reference.majorGcs() : Double.NaN;
			List<Double> heapAfterGc = samples.stream().map((s) -> {
				StackProbe.Service figures = s.stack().services().get(service);
				return (figures != null && Double.isFinite(gcsAtStart) && figures.majorGcs() > gcsAtStart)
						? figures.heapAfterGcMiB() : Double.NaN;
			}).toList();
			String notJudged = null;
			if (heapAfterGc.stream().noneMatch(Double::isFinite)) {
				notJudged = "no major GC during the soak";
			}
			else if (heapAfterGc.subList(0, heapAfterGc.size() / 3).stream().noneMatch(Double::isFinite)) {
				notJudged = "first major GC of the soak after its first third: nothing to compare with";
			}
			verdicts.add(Flatness.judge(service + " heap after GC", "MiB", heapAfterGc, HEAP_AFTER_GC, notJudged));
			verdicts.add(Flatness.judge(service + " threads", "threads", series.apply(StackProbe.Service::threads),
					COUNT, null));
			verdicts.add(
					Flatness.judge(service + " open files", "fds", series.apply(StackProbe.Service::fds), COUNT, null));
			List<Double> pool = series.apply(StackProbe.Service::poolConnections);
			if (pool.stream().anyMatch(Double::isFinite)) {
				verdicts.add(Flatness.judge(service + " database pool", "connections", pool, COUNT, null));
			}
		}
		verdicts.add(Flatness.judge("PostgreSQL connections (stack's database)", "connections",
				samples.stream().map((s) -> s.stack().databaseConnections()).toList(), COUNT, null));
		verdicts.add(Flatness.judge("Redis clients (stack's index)", "clients",
				samples.stream().map((s) -> s.stack().redisClients()).toList(), COUNT, null));
		return verdicts;
	}

	/**
	 * Why the soak failed: too few samples to judge, any error, any wave delivery that
	 * went wrong, any series that grew. Empty when it passed.
	 */
	static List<String> failures(int samples, List<Verdict> verdicts, long errors, WaveCounts waves) {
		List<String> failures = new ArrayList<>();
		if (samples < Flatness.MIN_SAMPLES) {
			failures.add("too short to judge: " + samples + " samples, at least " + Flatness.MIN_SAMPLES);
		}
		if (errors > 0) {
			failures.add(errors + " errors");
		}
		if (waves.failed() > 0) {
			failures.add(String.format(Locale.ROOT, "waves: %d not sent, %d lost, %d duplicate, %d unexpected",
					waves.notSent(), waves.lost(), waves.duplicates(), waves.unexpected()));
		}
		for (Verdict verdict : verdicts) {
			if (verdict.grew()) {
				failures.add(String.format(Locale.ROOT, "%s grew %s -> %s %s (allowed +%s)", verdict.series(),
						Report.format(verdict.first()), Report.format(verdict.last()), verdict.unit(),
						Report.format(verdict.allowed())));
			}
		}
		return failures;
	}

	/**
	 * Wave deliveries, counted together.
	 *
	 * @param sent waves sent
	 * @param notSent waves that could not be sent
	 * @param expected receivers inside the circles
	 * @param received of those, how many got the signal
	 * @param lost expected, never received
	 * @param duplicates a second delivery of one wave to one receiver
	 * @param unexpected delivered outside the circle
	 */
	record WaveCounts(long sent, long notSent, long expected, long received, long lost, long duplicates,
			long unexpected) {

		static final WaveCounts NONE = new WaveCounts(0, 0, 0, 0, 0, 0, 0);

		WaveCounts minus(WaveCounts before) {
			return new WaveCounts(this.sent - before.sent, this.notSent - before.notSent,
					this.expected - before.expected, this.received - before.received, this.lost - before.lost,
					this.duplicates - before.duplicates, this.unexpected - before.unexpected);
		}

		long failed() {
			return this.notSent + this.lost + this.duplicates + this.unexpected;
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("sent", this.sent);
			map.put("notSent", this.notSent);
			map.put("expected", this.expected);
			map.put("received", this.received);
			map.put("lost", this.lost);
			map.put("duplicates", this.duplicates);
			map.put("unexpected", this.unexpected);
			return map;
		}

	}

	private static final class WaveTally {

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong notSent = new AtomicLong();

		private final AtomicLong expected = new AtomicLong();

		private final AtomicLong received = new AtomicLong();

		private final AtomicLong lost = new AtomicLong();

		private final AtomicLong duplicates = new AtomicLong();

		private final AtomicLong unexpected = new AtomicLong();

		synchronized void add(Waves.Outcome outcome) {
			this.sent.incrementAndGet();
			this.expected.addAndGet(outcome.expected());
			this.received.addAndGet(outcome.received());
			this.lost.addAndGet(outcome.lost());
			this.duplicates.addAndGet(outcome.duplicates());
			this.unexpected.addAndGet(outcome.unexpected());
		}

		synchronized WaveCounts counts() {
			return new WaveCounts(this.sent.get(), this.notSent.get(), this.expected.get(), this.received.get(),
					this.lost.get(), this.duplicates.get(), this.unexpected.get());
		}

	}

	/**
	 * The load of one interval.
	 *
	 * @param planned requests due
	 * @param succeeded answered 2xx
	 * @param errors every error counted in the interval (any endpoint, WebSocket drops
	 * included) and requests not sent for too many in flight
	 * @param overflow requests not sent for too many in flight
	 * @param p50 median latency, ms from the intended send time
	 * @param p99 99th percentile, ms
	 * @param waves the waves that ended in the interval
	 * @param subscribers WebSocket subscribers open at its end
	 * @param errorKinds the interval's errors by endpoint and status (overflow apart)
	 */
	record Interval(long planned, long succeeded, long errors, long overflow, double p50, double p99, WaveCounts waves,
			long subscribers, Map<String, Long> errorKinds) {

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("planned", this.planned);
			map.put("succeeded", this.succeeded);
			map.put("errors", this.errors);
			map.put("overflow", this.overflow);
			map.put("errorsByEndpointAndStatus", this.errorKinds);
			map.put("p50Ms", round(this.p50));
			map.put("p99Ms", round(this.p99));
			map.put("waves", this.waves.toMap());
			map.put("subscribersOpen", this.subscribers);
			return map;
		}

	}

	/**
	 * One sample: the stack at {@code seconds} into the soak and the load of the interval
	 * that ended there (none for the first, taken when the soak starts).
	 */
	record Sample(double seconds, Interval interval, StackProbe.Snapshot stack) {

		String time() {
			long s = Math.round(this.seconds);
			return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
		}

		/**
		 * The progress line: the load, then RSS/heap after GC/threads/fds per service.
		 */
		String line() {
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  soak %6s", time()));
			if (this.interval != null) {
				line.append(String.format(Locale.ROOT, "  %,d req %d err p50 %.1f p99 %.1f ms, waves %d/%d",
						this.interval.planned, this.interval.errors, this.interval.p50, this.interval.p99,
						this.interval.waves.received, this.interval.waves.expected));
			}
			line.append(String.format(Locale.ROOT, "  pg %s redis %s |", whole(this.stack.databaseConnections()),
					whole(this.stack.redisClients())));
			this.stack.services()
				.forEach((service, s) -> line.append(' ').append(abbreviation(service)).append(' ').append(cell(s)));
			if (this.interval != null && !this.interval.errorKinds.isEmpty()) {
				line.append("  errors: ").append(this.interval.errorKinds);
			}
			return line.toString();
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("seconds", Math.round(this.seconds));
			map.put("interval", (this.interval != null) ? this.interval.toMap() : null);
			map.put("databaseConnections", round(this.stack.databaseConnections()));
			map.put("redisClients", round(this.stack.redisClients()));
			map.put("redisServerClients", round(this.stack.redisServerClients()));
			Map<String, Object> services = new LinkedHashMap<>();
			this.stack.services().forEach((service, s) -> {
				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("rssMiB", round(s.rssMiB()));
				figures.put("heapUsedMiB", round(s.heapUsedMiB()));
				figures.put("heapAfterGcMiB", round(s.heapAfterGcMiB()));
				figures.put("majorGcs", round(s.majorGcs()));
				figures.put("threads", round(s.threads()));
				figures.put("openFiles", round(s.fds()));
				figures.put("poolConnections", round(s.poolConnections()));
				services.put(service, figures);
			});
			map.put("services", services);
			return map;
		}

	}

	/** RSS / heap after GC / threads / fds / pool connections of one service. */
	static String cell(StackProbe.Service s) {
		return String.join("/", whole(s.rssMiB()), whole(s.heapAfterGcMiB()), whole(s.threads()), whole(s.fds()),
				whole(s.poolConnections()));
	}

	private static String whole(double value) {
		return Double.isFinite(value) ? Long.toString(Math.round(value)) : "-";
	}

	static String abbreviation(String service) {
		return switch (service) {
			case "gateway" -> "gw";
			case "user-service" -> "us";
			case "location-service" -> "ls";
			case "signal-service" -> "ss";
			case "push-service" -> "ps";
			case "analytics-service" -> "as";
			default -> service;
		};
	}

	static Double round(double value) {
		return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : null;
	}

	/**
	 * What the report shows of a soak.
	 *
	 * @param rate requests per second of the mixed workload
	 * @param rateSource how the rate was chosen
	 * @param minutes asked length
	 * @param mix what the workload is made of
	 * @param samples every sample, the first at the start
	 * @param verdicts one per series
	 * @param errors every error during the soak
	 * @param errorsBefore errors of the run before the soak (set-up, warm-up, the rate
	 * search's overloaded steps, subscribers that could not subscribe): in the report's
	 * errors, not the soak's
	 * @param errorKinds the soak's errors by endpoint and status
	 * @param waves all the soak's waves
	 * @param failures why it failed; empty when it passed
	 */
	record Result(double rate, String rateSource, int minutes, String mix, List<Sample> samples, List<Verdict> verdicts,
			long errors, long errorsBefore, Map<String, Long> errorKinds, WaveCounts waves, List<String> failures) {

		boolean passed() {
			return this.failures.isEmpty();
		}

		String verdictLine() {
			return passed() ? "PASS" : "FAIL: " + String.join("; ", this.failures);
		}

		String markdown() {
			StringBuilder md = new StringBuilder("\n## Soak\n\n");
			md.append(String.format(Locale.ROOT, "**%s**%n%n", verdictLine()));
			md.append("| soak | |\n|---|---|\n");
			md.append(String.format(Locale.ROOT, "| rate | %.0f requests/s (%s) |%n", this.rate, this.rateSource));
			md.append(String.format(Locale.ROOT,
					"| length | %d min, sampled every %d s: %d samples, %d judged (from the end of the first "
							+ "interval: the first 30 s of the soak's own mix are its warm-up) |%n",
					this.minutes, INTERVAL.toSeconds(), this.samples.size(), judged(this.samples).size()));
			md.append("| workload | ").append(this.mix).append(" |\n");
			md.append(String.format(Locale.ROOT,
					"| errors | %d during the soak%s (%d in the run before it: see Errors) |%n", this.errors,
					this.errorKinds.isEmpty() ? "" : ": " + this.errorKinds, this.errorsBefore));
			md.append(String.format(Locale.ROOT,
					"| waves | %d sent, %d not sent; %d expected, %d received, %d lost, %d duplicate, %d unexpected |%n",
					this.waves.sent, this.waves.notSent, this.waves.expected, this.waves.received, this.waves.lost,
					this.waves.duplicates, this.waves.unexpected));
			md.append("| flat means | last third's mean <= first third's mean + tolerance: RSS ")
				.append(RSS.describe("MiB"))
				.append(", heap after GC ")
				.append(HEAP_AFTER_GC.describe("MiB"))
				.append(", threads, open files and connections ")
				.append(COUNT.describe(""))
				.append(" |\n");
			md.append("\n| series | first third | last third | change | allowed | verdict |\n");
			md.append("|---|---|---|---|---|---|\n");
			for (Verdict v : this.verdicts) {
				md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", v.series(),
						Report.format(v.first()), Report.format(v.last()),
						Double.isFinite(v.change()) ? String.format(Locale.ROOT, "%+.2f %s", v.change(), v.unit())
								: "n/a",
						Double.isFinite(v.allowed()) ? "+" + Report.format(v.allowed()) : "n/a",
						v.outcome().label() + ((v.reason() != null) ? " (" + v.reason() + ")" : "")));
			}
			md.append("\nSamples: load of the 30 s that ended at t (latency in ms from the intended send time), the "
					+ "stack's PostgreSQL connections and Redis clients, and per service RSS MiB / heap after GC MiB "
					+ "/ threads / open files / pool connections.\n\n");
			List<String> services = this.samples.isEmpty() ? List.of()
					: List.copyOf(this.samples.get(0).stack().services().keySet());
			md.append(
					"| t | requests | errors | p50 | p99 | waves received/expected | WebSockets | PostgreSQL | Redis |");
			services.forEach((s) -> md.append(' ').append(s).append(" |"));
			md.append('\n').append("|---".repeat(9 + services.size())).append("|\n");
			for (Sample sample : this.samples) {
				Interval i = sample.interval();
				md.append("| ").append(sample.time()).append(" | ");
				if (i != null) {
					md.append(String.format(Locale.ROOT, "%,d | %d | %.2f | %.2f | %d/%d | %d | ", i.planned(),
							i.errors(), i.p50(), i.p99(), i.waves().received(), i.waves().expected(), i.subscribers()));
				}
				else {
					md.append("start | | | | | | ");
				}
				md.append(whole(sample.stack().databaseConnections()))
					.append(" | ")
					.append(whole(sample.stack().redisClients()))
					.append(" |");
				for (String service : services) {
					StackProbe.Service s = sample.stack().services().get(service);
					md.append(' ').append((s != null) ? cell(s) : "").append(" |");
				}
				md.append('\n');
			}
			return md.toString();
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("verdict", passed() ? "PASS" : "FAIL");
			map.put("failures", this.failures);
			map.put("ratePerSecond", Math.round(this.rate * 10) / 10.0);
			map.put("rateSource", this.rateSource);
			map.put("minutes", this.minutes);
			map.put("intervalSeconds", INTERVAL.toSeconds());
			map.put("workload", this.mix);
			map.put("errors", this.errors);
			map.put("errorsByEndpointAndStatus", this.errorKinds);
			map.put("errorsBeforeSoak", this.errorsBefore);
			map.put("judgedFromSeconds",
					judged(this.samples).isEmpty() ? null : Math.round(judged(this.samples).get(0).seconds()));
			map.put("waves", this.waves.toMap());
			map.put("verdicts", this.verdicts.stream().map((v) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("series", v.series());
				row.put("unit", v.unit());
				row.put("firstThirdMean", round(v.first()));
				row.put("lastThirdMean", round(v.last()));
				row.put("allowedGrowth", round(v.allowed()));
				row.put("tolerance", v.tolerance().describe(v.unit()));
				row.put("outcome", v.outcome().name());
				row.put("reason", v.reason());
				return row;
			}).toList());
			map.put("samples", this.samples.stream().map(Sample::toMap).toList());
			return map;
		}

	}

}
