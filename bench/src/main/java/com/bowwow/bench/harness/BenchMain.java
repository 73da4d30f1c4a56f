package com.bowwow.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import com.bowwow.bench.ceiling.Ceilings;
import com.bowwow.bench.harness.Report.Status;
import com.bowwow.bench.load.Api;
import com.bowwow.bench.load.ErrorLog;
import com.bowwow.bench.load.Latency;
import com.bowwow.bench.load.OpenLoop;
import com.bowwow.bench.load.RateSearch;
import com.bowwow.bench.workload.Metro;
import com.bowwow.bench.workload.Population;
import com.bowwow.bench.workload.Requests;
import com.bowwow.bench.workload.Setup;
import com.bowwow.bench.workload.Streams;
import com.bowwow.bench.workload.Waves;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;

/**
 * The benchmark harness: starts the stack (or targets a running one), measures the raw
 * ceilings, sets up the population, then runs location updates, nearby queries, WebSocket
 * subscribers with their fan-out and waves, and writes the report to
 * {@code bench/target/bench-report.{md,json}}. See bench/README.md.
 */
public final class BenchMain {

	/** The p99 budget for the throughput figures. */
	static final double P99_BUDGET_MS = 50;

	static final int LIMIT = 50;

	/**
	 * Requests in flight while setting up: above the services' database pools (10), so
	 * they are kept busy, without queueing past their 3 s connection timeout.
	 */
	static final int SETUP_CONCURRENCY = 24;

	static final double[] NEARBY_RADII_MILES = { 0.5, 2, 10 };

	static final Coordinates TOWN = Coordinates.of(39.9526, -75.1652);

	static final double SUBSCRIPTION_RADIUS_MILES = 0.25;

	/**
	 * Steps of the soak's rate search: long enough for a p99 of a few hundred requests.
	 */
	static final Duration SOAK_SEARCH_STEP = Duration.ofSeconds(5);

	/**
	 * The soak's rate search starts low: a busy 2-core machine holds a few dozen per
	 * second.
	 */
	static final double SOAK_SEARCH_START = 10;

	/** The soak's rate when not even the search's lowest rate held p99 <= 50 ms. */
	static final double SOAK_FALLBACK_RATE = 5;

	private BenchMain() {
	}

	public static void main(String[] args) {
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Report report = run(options,
				(line) -> System.out.println("[" + Instant.now().toString().substring(11, 19) + "] " + line));
		System.out.println();
		System.out.println(report.markdown());
		if (options.soak()) {
			// a soak is a check: a failed one (or one that never finished) fails the
			// command
			Soak.Result soak = report.soak();
			System.out.println("Soak: " + ((soak != null) ? soak.verdictLine() : "FAIL: did not finish"));
			System.exit((soak != null && soak.passed()) ? 0 : 1);
		}
		System.exit(0);
	}

	/** Runs everything and returns the report (also written to the output directory). */
	public static Report run(BenchOptions options, Consumer<String> progress) {
		Path root = Path.of(System.getProperty("bowwow.root", ".")).toAbsolutePath().normalize();
		Path output = (options.output() != null) ? options.output() : root.resolve("bench/target");
		ErrorLog errors = new ErrorLog();
		Report report = new Report(errors);
		long started = System.nanoTime();
		report.run("mode", options.soak() ? "soak, " + options.soakMinutes() + " min (quick-sized population)"
				: options.quick() ? "quick" : "full");
		report.run("started", Instant.now().toString());
		report.run("machine",
				Runtime.getRuntime().availableProcessors() + " cores, load average at start " + loadAverage());
		report.run("users (metro)", options.users());
		report.run("users positioned", "see setup figures; budget " + options.positionBudget().toSeconds() + " s");
		report.run("registered through the API", options.registered());
		report.run("WebSocket subscribers", options.connections());
		if (!options.soak()) {
			report.run("wave sizes", options.waveSizes());
		}
		report.run("open-files limit", openFilesLimit());
		String es256 = Es256Figures.measure();
		report.run("ES256 on this machine", es256);
		progress.accept("ES256 on this machine: " + es256);
		progress.accept("BowWow bench, " + (options.soak() ? "soak" : options.quick() ? "quick" : "full") + " mode: "
				+ options.users() + " users, " + options.connections() + " WebSocket subscribers");
		SystemUnderTest system = (options.target() != null) ? SystemUnderTest.target(options)
				: SystemUnderTest.start(root, progress);
		Map<String, Map<String, Object>> memory = new LinkedHashMap<>();
		Jfr jfr = null;
		CpuUsage cpuAtStart = null;
		CpuMeter cpu = null;
		try {
			report.run("system",
					system.started() ? "devstack on " + system.gatewayUrl + " (ports 28000-28005), "
							+ "stack started in " + Math.round(system.startSeconds) + " s"
							: "target " + system.gatewayUrl);
			if (system.started()) {
				report.run("stack environment",
						"rate limits lifted for the bench: " + SystemUnderTest.ENVIRONMENT + "; test JWT key pair");
			}
			sampleMemory(system, memory, "rssAfterStart");
			cpuAtStart = CpuUsage.now(system.pids().values());
			cpu = new CpuMeter(system.pids(), system);
			if (options.jfr() && system.started()) {
				jfr = Jfr.start(system.pids(), output.resolve("jfr"), progress);
			}
			new Run(options, system, report, progress, cpu).all(memory);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			report.note("Interrupted: " + ex);
		}
		catch (RuntimeException ex) {
			progress.accept("The run failed: " + ex);
			errors.add("bench", "run failed: " + ex);
			report.note("The run failed before it finished: " + ex);
		}
		finally {
			sampleMemory(system, memory, "rssAtEnd");
			system.pids()
				.forEach((service, pid) -> memory.computeIfAbsent(service, (s) -> new LinkedHashMap<>())
					.put("peakRss", ProcessMemory.peakMiB(pid)));
			memory.forEach((service, values) -> {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("service", service);
				row.putAll(values);
				Object peak = values.get("peakRss");
				row.put("under 512 MiB",
						(peak instanceof Double d && Double.isFinite(d)) ? (d < 512 ? "yes" : "NO") : "n/a");
				report.memory(row);
			});
			if (jfr != null) {
				jfr.stop();
			}
			system.pids().forEach((service, pid) -> {
				if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
					return;
				}
				String cause = system.lastLogLine(service, "Terminating due to");
				errors.add(service, "exited during the run" + ((cause != null) ? ": " + cause : ""));
				report.note(service + " exited during the run" + ((cause != null) ? " (" + cause + ")" : "")
						+ "; its log: " + system.logFile(service));
			});
			report.run("duration", Math.round((System.nanoTime() - started) / 1e9) + " s");
			report.run("load average at end", loadAverage());
			if (cpuAtStart != null) {
				report.run("CPU after the stack was up", CpuUsage.now(system.pids().values()).since(cpuAtStart));
			}
			if (cpu != null) {
				cpu.rows().forEach(report::cpu);
				cpu.harnessWarnings().forEach(report::note);
				double worst = report.cpuRows()
					.stream()
					.map((row) -> row.get("harness % of machine"))
					.filter(Double.class::isInstance)
					.mapToDouble(Double.class::cast)
					.max()
					.orElse(Double.NaN);
				report.run("harness share of the machine (worst scenario)",
						Double.isFinite(worst)
								? String.format(Locale.ROOT, "%.1f %%%s", worst,
										(worst > CpuMeter.HARNESS_WARNING_SHARE * 100) ? " (WARNING: above 10 %)" : "")
								: "n/a");
			}
			if (!options.soak()) {
				evaluateTargets(options, report, memory);
			}
			progress.accept("Stopping the stack");
			system.close();
			HttpResources.disposeLoopsAndConnections();
			report.write(output);
			progress.accept("Report written to " + output.resolve("bench-report.md") + " and .json");
		}
		return report;
	}

	private static void sampleMemory(SystemUnderTest system, Map<String, Map<String, Object>> memory, String column) {
		system.pids()
			.forEach((service, pid) -> memory.computeIfAbsent(service, (s) -> new LinkedHashMap<>())
				.put(column, ProcessMemory.residentMiB(pid)));
	}

	private static long positioned(Report report, BenchOptions options) {
		Object value = report.run().get("users positioned");
		return (value instanceof Number number) ? number.longValue() : options.users();
	}

	/** The open-files limit the services inherit from this process. */
	static long openFilesLimit() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
				if (line.startsWith("Max open files")) {
					String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
					return "unlimited".equals(soft) ? Long.MAX_VALUE : Long.parseLong(soft);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " (1 min), "
					+ Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[1] + " (5 min)";
		}
		catch (IOException ex) {
			return "n/a";
		}
	}

	private static void evaluateTargets(BenchOptions options, Report report, Map<String, Map<String, Object>> memory) {
		Map<String, Report.Figure> byName = new LinkedHashMap<>();
		report.figures().forEach((f) -> byName.put(f.name(), f));
		// waves with 10k receivers
		Report.Figure wave = byName.get("wave arrival error, 10000 receivers");
		long lost = report.deliveryRows()
			.stream()
			.filter((row) -> String.valueOf(row.get("what")).startsWith("wave"))
			.mapToLong((row) -> ((Number) row.get("lost")).longValue())
			.sum();
		long duplicates = report.deliveryRows()
			.stream()
			.filter((row) -> String.valueOf(row.get("what")).startsWith("wave"))
			.mapToLong((row) -> ((Number) row.get("duplicates")).longValue())
			.sum();
		if (wave != null && wave.latencySummary() != null && wave.latencySummary().count() > 0) {
			double p99 = wave.latencySummary().p99();
			double p50 = wave.latencySummary().p50();
			report.target("wave arrival error, 10k receivers", "p99 <= 50 ms, p50 <= 10 ms, 0 lost, 0 duplicate",
					String.format(Locale.ROOT, "p99 %.2f ms, p50 %.2f ms, %d lost, %d duplicate", p99, p50, lost,
							duplicates),
					(p99 <= 50 && p50 <= 10 && lost == 0 && duplicates == 0) ? Status.MET : Status.NOT_MET);
		}
		else {
			report.target("wave arrival error, 10k receivers", "p99 <= 50 ms, p50 <= 10 ms, 0 lost, 0 duplicate",
					"no 10k wave in this mode; all waves: " + lost + " lost, " + duplicates + " duplicate",
					Status.NOT_MEASURED);
		}
		// nearby p99 at 1M users
		double worstNearby = report.figures()
			.stream()
			.filter((f) -> f.name().startsWith("nearby via gateway") && f.latencySummary() != null)
			.mapToDouble((f) -> f.latencySummary().p99())
			.max()
			.orElse(Double.NaN);
		String nearbyMeasured = String.format(Locale.ROOT, "worst p99 %.2f ms over densities and radii, %s users",
				worstNearby, report.run().getOrDefault("users positioned", options.users()));
		report.target("nearby p99, 1M users in one metro (limit 50, radius up to the unit maximum)", "p99 <= 5 ms",
				nearbyMeasured, (positioned(report, options) < 1_000_000 || !Double.isFinite(worstNearby))
						? Status.NOT_MEASURED : (worstNearby <= 5) ? Status.MET : Status.NOT_MET);
		// updates vs ceiling
		Report.Figure updates = byName.get("location updates via gateway, max rate at p99 <= 50 ms");
		if (updates != null && updates.ratio() != null) {
			report.target("location updates via gateway vs raw Redis+PostgreSQL ceiling", ">= 25 %", String
				.format(Locale.ROOT, "%.0f/s = %.1f %% of %s", updates.value(), updates.ratio() * 100, "the ceiling"),
					(updates.ratio() >= 0.25) ? Status.MET : Status.NOT_MET);
		}
		else {
			report.target("location updates via gateway vs raw Redis+PostgreSQL ceiling", ">= 25 %", "n/a",
					Status.NOT_MEASURED);
		}
		// WebSocket connections and memory
		Report.Figure connected = report.figures()
			.stream()
			.filter((f) -> f.name().startsWith("WebSocket subscribers connected"))
			.findFirst()
			.orElse(null);
		double perConnection = report.figures()
			.stream()
			.filter((f) -> f.name().startsWith(Run.MARGIN_FIGURE))
			.mapToDouble(Report.Figure::value)
			.max()
			.orElse(Double.NaN);
		double peak = memory.values()
			.stream()
			.map((m) -> m.get("peakRss"))
			.filter(Double.class::isInstance)
			.mapToDouble(Double.class::cast)
			.filter(Double::isFinite)
			.max()
			.orElse(Double.NaN);
		if (connected != null) {
			String measured = String.format(Locale.ROOT,
					"%,.0f connected (%s); largest service peak RSS %.0f MiB; worst %.1f KiB RSS per connection per hop",
					connected.value(), connected.name().replace("WebSocket subscribers connected ", ""), peak,
					perConnection);
			Status status = (options.connections() < 10_000) ? Status.NOT_MEASURED
					: (connected.value() >= 10_000 && Double.isFinite(peak) && peak < 512 && perConnection <= 20)
							? Status.MET : Status.NOT_MET;
			report.target(">= 10k WebSocket connections, every service < 512 MiB, <= 20 KiB per connection per hop",
					"10,000; < 512 MiB; <= 20 KiB", measured, status);
		}
		// gateway overhead
		double overhead = report.figures()
			.stream()
			.filter((f) -> f.name().startsWith("gateway overhead at p50"))
			.mapToDouble(Report.Figure::value)
			.max()
			.orElse(Double.NaN);
		report.target("gateway overhead at p50 vs direct calls", "<= 2 ms",
				String.format(Locale.ROOT, "worst %.2f ms (updates and nearby)", overhead),
				!Double.isFinite(overhead) ? Status.NOT_MEASURED : (overhead <= 2) ? Status.MET : Status.NOT_MET);
	}

	/** One run's workloads, in order. */
	private static final class Run {

		private final BenchOptions options;

		private final SystemUnderTest system;

		private final Report report;

		private final Consumer<String> progress;

		private final Api gateway;

		private final Api location;

		private Ceilings ceilings;

		private Ceilings.Throughput writeCeiling;

		private final CpuMeter cpu;

		Run(BenchOptions options, SystemUnderTest system, Report report, Consumer<String> progress, CpuMeter cpu) {
			this.options = options;
			this.cpu = cpu;
			this.system = system;
			this.report = report;
			this.progress = progress;
			this.gateway = new Api("gateway", system.gatewayUrl, 512, report.errors());
			this.location = (system.locationUrl != null)
					? new Api("location-service", system.locationUrl, 512, report.errors()) : null;
		}

		void all(Map<String, Map<String, Object>> memory) throws InterruptedException {
			try {
				Population metro = Population.inMetro(Metro.NEW_YORK, this.options.users(), 1);
				Population town = Population.inTown(TOWN, this.options.connections(), 2);
				if (this.options.soak()) {
					setup(metro, town);
					warmUp(metro);
					soak(metro, town);
					return;
				}
				if (this.options.streamsOnly()) {
					setup(metro, town);
					warmUp(metro);
					streams(town, memory);
					return;
				}
				ceilings();
				setup(metro, town);
				warmUp(metro);
				updates(metro);
				nearby(metro);
				streams(town, memory);
			}
			finally {
				if (this.ceilings != null) {
					this.ceilings.close();
				}
				this.gateway.close();
				if (this.location != null) {
					this.location.close();
				}
			}
		}

		private CpuMeter.Snapshot cpuBefore() {
			return (this.cpu != null) ? this.cpu.snapshot() : null;
		}

		private void cpuAfter(String scenario, String unit, CpuMeter.Snapshot before, long operations) {
			if (this.cpu != null && before != null) {
				this.cpu.add(scenario, unit, before, operations);
			}
		}

		/** Requests sent in all steps of a search (failed ones cost CPU too). */
		private static long sent(RateSearch.Outcome outcome) {
			return outcome.steps().stream().mapToLong(Run::sent).sum();
		}

		private static long sent(OpenLoop.Result result) {
			return result.planned() - result.overflow();
		}

		private void ceilings() {
			if (this.system.redisHost == null || this.system.jdbcUrl == null) {
				this.report.note("Ceilings not measured: no --redis/--jdbc for the targeted stack.");
				return;
			}
			this.progress.accept("Ceilings: raw Redis and PostgreSQL on this machine");
			this.ceilings = new Ceilings(this.system.redisHost, this.system.redisPort, this.system.redisPassword,
					this.system.redisDatabase, this.system.jdbcUrl, this.system.databaseUser,
					this.system.databasePassword, this.progress);
			try {
				this.ceilings.prepare();
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException("Cannot prepare the PostgreSQL ceiling: " + ex.getMessage(), ex);
			}
			Duration step = this.options.step();
			Ceilings.Throughput redis = this.ceilings.redisWrites(32, step);
			figure("ceiling", "raw Redis GEOADD+ZADD, 32 concurrent", redis, "ops/s");
			Ceilings.Throughput postgres = this.ceilings.postgresUpserts(8, step);
			figure("ceiling", "raw PostgreSQL positions upsert, 8 connections", postgres, "ops/s");
			this.writeCeiling = this.ceilings.combined(16, step);
			figure("ceiling", "raw upsert + GEOADD+ZADD per update, 16 threads", this.writeCeiling, "ops/s");
		}

		private void figure(String section, String name, Ceilings.Throughput throughput, String unit) {
			this.report.figure(section, name, throughput.perSecond(), unit)
				.latency(throughput.latency())
				.note("closed loop, " + throughput.concurrency() + " concurrent"
						+ ((throughput.failed() > 0) ? ", " + throughput.failed() + " failed" : ""));
			this.progress.accept(String.format(Locale.ROOT, "  %-52s %,8.0f %s  p50 %.2f ms  p99 %.2f ms", name,
					throughput.perSecond(), unit, throughput.latency().p50(), throughput.latency().p99()));
		}

		private void setup(Population metro, Population town) {
			int registered = this.system.testTokens ? this.options.registered() : metro.size();
			this.progress.accept("Setup: registering up to " + registered + " users through the gateway (at most "
					+ this.options.registrationBudget().toSeconds() + " s)");
			CpuMeter.Snapshot cpuBefore = cpuBefore();
			Setup.Phase registration = Setup.register(this.gateway, metro, registered, SETUP_CONCURRENCY,
					this.system.testTokens ? this.options.registrationBudget() : Duration.ofDays(1));
			cpuAfter("registration via gateway", "registrations", cpuBefore,
					registration.count() + registration.failed());
			registered = registration.count();
			phase("registration through the gateway, " + SETUP_CONCURRENCY + " concurrent", registration);
			this.progress.accept("Setup: positioning them through the gateway");
			phase("first position through the gateway, " + SETUP_CONCURRENCY + " concurrent",
					Setup.position(this.gateway, metro, 0, registered, SETUP_CONCURRENCY, Duration.ofDays(1)));
			metro.positionedCount(registered);
			this.report.run("users positioned", metro.positioned());
			if (registered < metro.size()) {
				Api bulk = (this.location != null) ? this.location : this.gateway;
				this.progress.accept("Setup: positioning " + (metro.size() - registered) + " more users directly ("
						+ bulk.name() + ", the bulk path)");
				Setup.Phase positions = Setup.position(bulk, metro, registered, metro.size(), SETUP_CONCURRENCY,
						this.options.positionBudget());
				phase("bulk positions via " + bulk.name() + ", " + SETUP_CONCURRENCY + " concurrent", positions);
				metro.positionedCount(registered + positions.count());
				this.report.run("users positioned", metro.positioned());
				if (metro.positioned() < metro.size()) {
					this.report.note(String.format(Locale.ROOT,
							"Only %,d of %,d users were positioned within the %d s setup budget (--position-seconds): "
									+ "the nearby figures are for %,d users.",
							metro.positioned(), metro.size(), this.options.positionBudget().toSeconds(),
							metro.positioned()));
				}
			}
			if (!this.system.testTokens) {
				Setup.register(this.gateway, town, town.size(), SETUP_CONCURRENCY, Duration.ofDays(1));
			}
			Api bulk = (this.location != null) ? this.location : this.gateway;
			this.progress.accept("Setup: positioning " + town.size() + " WebSocket users in the wave town");
			phase("town positions via " + bulk.name() + ", " + SETUP_CONCURRENCY + " concurrent",
					Setup.position(bulk, town, 0, town.size(), SETUP_CONCURRENCY, Duration.ofDays(1)));
		}

		private void phase(String name, Setup.Phase phase) {
			this.report.figure("setup", name, phase.perSecond(), "ops/s")
				.latency(phase.latency())
				.note(String.format(Locale.ROOT, "%,d in %.1f s, %d failed, closed loop", phase.count(),
						phase.seconds(), phase.failed()));
			this.progress.accept(String.format(Locale.ROOT, "  %-52s %,8.0f /s  (%,d in %.1f s, %d failed)", name,
					phase.perSecond(), phase.count(), phase.seconds(), phase.failed()));
		}

		/**
		 * The services' JIT compiles their hot paths during the first thousands of
		 * requests; figures taken before that measure the interpreter. Mixed traffic
		 * (updates and nearby, via the gateway and direct) runs first and is not
		 * reported, except that its errors count like any other.
		 */
		private void warmUp(Population metro) {
			int pool = Math.max(1, Math.min(metro.positioned(), Math.max(metro.registered(), 1_000)));
			for (int i = 0; i < pool; i++) {
				metro.token(i);
			}
			List<Integer> callers = new ArrayList<>();
			for (int i = 0; i < Math.min(pool, 300); i++) {
				callers.add(i);
			}
			List<Supplier<Mono<Boolean>>> operations = new ArrayList<>();
			operations.add(updateOperation(this.gateway, metro, pool));
			operations.add(nearbyOperation(this.gateway, metro, callers, 2));
			if (this.location != null) {
				operations.add(updateOperation(this.location, metro, pool));
				operations.add(nearbyOperation(this.location, metro, callers, 2));
			}
			Duration duration = this.options.quick() ? Duration.ofSeconds(10) : Duration.ofSeconds(40);
			this.progress
				.accept("Warm-up: " + duration.toSeconds() + " s of updates and nearby queries (not reported)");
			OpenLoop.Result warm = OpenLoop.run(80, duration, 256,
					() -> operations.get(ThreadLocalRandom.current().nextInt(operations.size())).get());
			this.report.note(String.format(Locale.ROOT,
					"Warm-up before the figures: %d s of updates and nearby queries at 80/s (p50 %.1f ms), not reported",
					duration.toSeconds(), warm.latency().p50()));
		}

		private void updates(Population metro) {
			int pool = Math.max(1, Math.min(metro.positioned(), Math.max(metro.registered(), 1_000)));
			for (int i = 0; i < pool; i++) {
				metro.token(i);
			}
			double start = this.options.quick() ? 50 : 100;
			int steps = this.options.quick() ? 4 : 8;
			this.progress.accept("Location updates through the gateway: highest rate with p99 <= 50 ms");
			CpuMeter.Snapshot cpuBefore = cpuBefore();
			RateSearch.Outcome viaGateway = RateSearch.find(start, 1.6, steps, this.options.step(), P99_BUDGET_MS, 512,
					updateOperation(this.gateway, metro, pool), this.progress);
			cpuAfter("location updates via gateway", "updates", cpuBefore, sent(viaGateway));
			Report.Figure figure = this.report
				.figure("updates", "location updates via gateway, max rate at p99 <= 50 ms", viaGateway.bestRate(),
						"ops/s")
				.latency((viaGateway.best() != null) ? viaGateway.best().latency() : null)
				.note("open loop, steps x1.6 from " + (int) start + "/s");
			if (this.writeCeiling != null) {
				figure.ceiling(this.writeCeiling.perSecond(), "raw upsert + GEOADD+ZADD");
			}
			if (this.location == null) {
				return;
			}
			this.progress.accept("Location updates directly to location-service");
			cpuBefore = cpuBefore();
			RateSearch.Outcome direct = RateSearch.find(start, 1.6, steps, this.options.step(), P99_BUDGET_MS, 512,
					updateOperation(this.location, metro, pool), this.progress);
			cpuAfter("location updates direct to location-service", "updates", cpuBefore, sent(direct));
			Report.Figure directFigure = this.report
				.figure("updates", "location updates direct to location-service, max rate at p99 <= 50 ms",
						direct.bestRate(), "ops/s")
				.latency((direct.best() != null) ? direct.best().latency() : null)
				.note("open loop, steps x1.6 from " + (int) start + "/s");
			if (this.writeCeiling != null) {
				directFigure.ceiling(this.writeCeiling.perSecond(), "raw upsert + GEOADD+ZADD");
			}
			// The first step of both searches ran at the same rate: compare their
			// medians.
			OpenLoop.Result g = viaGateway.steps().get(0);
			OpenLoop.Result d = direct.steps().get(0);
			overhead("location updates at " + (int) start + "/s", g, d);
		}

		private void overhead(String what, OpenLoop.Result viaGateway, OpenLoop.Result direct) {
			double difference = viaGateway.latency().p50() - direct.latency().p50();
			this.report.figure("gateway", "gateway overhead at p50, " + what, difference, "ms")
				.note(String.format(Locale.ROOT, "gateway p50 %.2f ms, direct p50 %.2f ms", viaGateway.latency().p50(),
						direct.latency().p50()));
		}

		private Supplier<Mono<Boolean>> updateOperation(Api api, Population metro, int pool) {
			return () -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				int i = random.nextInt(pool);
				Coordinates to = Metro.offset(metro.position(i), random.nextGaussian() * 30,
						random.nextGaussian() * 30);
				return api
					.send(HttpMethod.POST, "/api/v1/locations/update", Requests.UPDATE, metro.token(i),
							Requests.update(metro.id(i), to))
					.map(Api.Response::ok);
			};
		}

		private void nearby(Population metro) {
			List<Integer> core = new ArrayList<>();
			List<Integer> edge = new ArrayList<>();
			Coordinates center = Metro.NEW_YORK.center();
			for (int i = 0; i < metro.positioned() && (core.size() < 300 || edge.size() < 300); i++) {
				double meters = GreatCircle.distanceMeters(center, metro.position(i));
				if (meters < 1_500 && core.size() < 300) {
					core.add(i);
				}
				else if (meters > 30_000 && edge.size() < 300) {
					edge.add(i);
				}
			}
			core.forEach(metro::token);
			edge.forEach(metro::token);
			if (this.ceilings != null) {
				this.progress.accept("Nearby: copying the population into a scratch GEO key for the raw ceiling");
				this.ceilings.loadPopulation(metro);
			}
			this.progress.accept(String.format(Locale.ROOT,
					"Nearby: %d core and %d edge callers, radii %s mi, limit %d, %.0f/s each", core.size(), edge.size(),
					java.util.Arrays.toString(NEARBY_RADII_MILES), LIMIT, this.options.nearbyRate()));
			for (String density : List.of("core", "edge")) {
				List<Integer> callers = density.equals("core") ? core : edge;
				if (callers.isEmpty()) {
					continue;
				}
				double[][] centers = callers.stream()
					.map((i) -> new double[] { metro.latitude(i), metro.longitude(i) })
					.toArray(double[][]::new);
				for (double miles : NEARBY_RADII_MILES) {
					String shape = String.format(Locale.ROOT, "%s, %s mi", density, miles);
					OpenLoop.Result raw = (this.ceilings != null)
							? this.ceilings.geosearchLatency(this.options.step(), centers, miles * 1_609.344, LIMIT)
							: null;
					CpuMeter.Snapshot cpuBefore = cpuBefore();
					OpenLoop.Result viaGateway = OpenLoop.run(this.options.nearbyRate(), this.options.step(), 256,
							nearbyOperation(this.gateway, metro, callers, miles));
					cpuAfter("nearby via gateway (all shapes)", "queries", cpuBefore, sent(viaGateway));
					nearbyFigure("nearby via gateway, " + shape, viaGateway, raw);
					if (this.location != null) {
						cpuBefore = cpuBefore();
						OpenLoop.Result direct = OpenLoop.run(this.options.nearbyRate(), this.options.step(), 256,
								nearbyOperation(this.location, metro, callers, miles));
						cpuAfter("nearby direct to location-service (all shapes)", "queries", cpuBefore, sent(direct));
						nearbyFigure("nearby direct, " + shape, direct, raw);
						overhead("nearby " + shape, viaGateway, direct);
					}
				}
			}
			// Throughput of the heaviest shape: the dense core at the unit maximum.
			this.progress.accept("Nearby throughput (core, 10 mi) through the gateway at p99 <= 50 ms");
			double start = this.options.quick() ? 25 : 50;
			CpuMeter.Snapshot cpuBefore = cpuBefore();
			RateSearch.Outcome throughput = RateSearch.find(start, 1.6, this.options.quick() ? 3 : 6,
					this.options.step(), P99_BUDGET_MS, 512, nearbyOperation(this.gateway, metro, core, 10),
					this.progress);
			cpuAfter("nearby via gateway, core 10 mi (rate search)", "queries", cpuBefore, sent(throughput));
			Report.Figure figure = this.report
				.figure("nearby", "nearby via gateway (core, 10 mi), max rate at p99 <= 50 ms", throughput.bestRate(),
						"ops/s")
				.latency((throughput.best() != null) ? throughput.best().latency() : null);
			if (this.ceilings != null) {
				double[][] centers = core.stream()
					.map((i) -> new double[] { metro.latitude(i), metro.longitude(i) })
					.toArray(double[][]::new);
				Ceilings.Throughput raw = this.ceilings.geosearchThroughput(16, this.options.step(), centers,
						10 * 1_609.344, LIMIT);
				figure("ceiling", "raw GEOSEARCH core 10 mi ASC COUNT 50, 16 concurrent", raw, "ops/s");
				figure.ceiling(raw.perSecond(), "raw GEOSEARCH");
			}
		}

		private void nearbyFigure(String name, OpenLoop.Result result, OpenLoop.Result raw) {
			Report.Figure figure = this.report.figure("nearby", name, result.latency().p50(), "ms p50")
				.latency(result.latency())
				.note(String.format(Locale.ROOT, "%.0f/s open loop, %d failed%s", result.targetRate(), result.failed(),
						(raw != null) ? String.format(Locale.ROOT, "; raw GEOSEARCH p50 %.2f p99 %.2f ms",
								raw.latency().p50(), raw.latency().p99()) : ""));
			if (raw != null) {
				figure.ceiling(raw.latency().p50(), "raw GEOSEARCH p50");
			}
			this.progress.accept(String.format(Locale.ROOT, "  %-40s p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms%s", name,
					result.latency().p50(), result.latency().p99(), result.latency().max(),
					(raw != null) ? String.format(Locale.ROOT, "   (raw p50 %.2f p99 %.2f)", raw.latency().p50(),
							raw.latency().p99()) : ""));
		}

		private Supplier<Mono<Boolean>> nearbyOperation(Api api, Population metro, List<Integer> callers,
				double miles) {
			return () -> {
				int i = callers.get(ThreadLocalRandom.current().nextInt(callers.size()));
				return api
					.send(HttpMethod.GET, Requests.nearbyPath(metro.id(i), miles, LIMIT), Requests.NEARBY,
							metro.token(i), null)
					.map(Api.Response::ok);
			};
		}

		/**
		 * The soak: the highest mixed rate at p99 <= 50 ms (unless given), then half of
		 * it for the soak's length with every town user subscribed. See {@link Soak}.
		 */
		private void soak(Population metro, Population town) throws InterruptedException {
			int pool = Math.max(1, Math.min(metro.positioned(), Math.max(metro.registered(), 1_000)));
			List<Integer> callers = new ArrayList<>();
			for (int i = 0; i < pool; i++) {
				callers.add(i);
			}
			List<Supplier<Mono<Boolean>>> nearby = new ArrayList<>();
			for (double miles : NEARBY_RADII_MILES) {
				nearby.add(nearbyOperation(this.gateway, metro, callers, miles));
			}
			Supplier<Mono<Boolean>> update = updateOperation(this.gateway, metro, pool);
			// phones report their position far more often than they look around
			Supplier<Mono<Boolean>> mixed = () -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				return (random.nextInt(10) < 7) ? update.get() : nearby.get(random.nextInt(nearby.size())).get();
			};
			double rate;
			String rateSource;
			if (this.options.soakRate() > 0) {
				rate = this.options.soakRate();
				rateSource = "--soak-rate";
			}
			else {
				this.progress.accept("Soak: highest mixed rate through the gateway with p99 <= 50 ms");
				CpuMeter.Snapshot cpuBefore = cpuBefore();
				RateSearch.Outcome search = RateSearch.find(SOAK_SEARCH_START, 1.6, 8, SOAK_SEARCH_STEP, P99_BUDGET_MS,
						512, mixed, this.progress);
				cpuAfter("soak rate search (mixed via gateway)", "requests", cpuBefore, sent(search));
				this.report
					.figure("soak", "mixed workload via gateway, max rate at p99 <= 50 ms", search.bestRate(), "ops/s")
					.latency((search.best() != null) ? search.best().latency() : null)
					.note("open loop, " + SOAK_SEARCH_STEP.toSeconds() + " s steps x1.6 from " + (int) SOAK_SEARCH_START
							+ "/s");
				if (search.bestRate() > 0) {
					rate = search.bestRate() / 2;
					rateSource = String.format(Locale.ROOT, "half of %.0f/s, the highest mixed rate with p99 <= 50 ms",
							search.bestRate());
				}
				else {
					rate = SOAK_FALLBACK_RATE;
					rateSource = "no rate held p99 <= 50 ms in the search: " + SOAK_FALLBACK_RATE + "/s instead";
					this.report.note("Soak: " + rateSource);
				}
			}
			this.progress.accept("Soak: opening " + town.size() + " WebSocket subscribers through the gateway");
			try (Streams streams = new Streams(this.system.gatewayUrl, town, SUBSCRIPTION_RADIUS_MILES,
					this.report.errors(), "gateway"); StackProbe probe = new StackProbe(this.system)) {
				connect(streams, 0, town.size(), town.size());
				String mix = String.format(Locale.ROOT,
						"70 %% location updates, 30 %% nearby queries (radius %s mi at random, limit %d) over %,d "
								+ "metro users, through the gateway, open loop; %,d of %,d WebSocket subscribers "
								+ "subscribed and open; a wave to ~%d receivers every %d s (a newly registered sender "
								+ "each)",
						java.util.Arrays.toString(NEARBY_RADII_MILES), LIMIT, pool, streams.connected(), town.size(),
						Soak.WAVE_RECEIVERS, Soak.WAVE_PERIOD.toSeconds());
				Waves waves = new Waves(this.gateway, streams, town, TOWN, this.system.jdbcUrl,
						this.system.databaseUser, this.system.databasePassword);
				this.progress.accept(String.format(Locale.ROOT, "Soak: %d min at %.1f/s (%s), sampled every %d s",
						this.options.soakMinutes(), rate, rateSource, Soak.INTERVAL.toSeconds()));
				Soak soak = new Soak(mixed, rate, Duration.ofMinutes(this.options.soakMinutes()), probe,
						this.report.errors(), streams, waves, this.progress);
				long errorsBefore = this.report.errors().total();
				Map<String, Long> errorKindsBefore = this.report.errors().snapshot();
				CpuMeter.Snapshot cpuBefore = cpuBefore();
				List<Soak.Sample> samples = soak.run();
				long planned = samples.stream()
					.filter((sample) -> sample.interval() != null)
					.mapToLong((sample) -> sample.interval().planned())
					.sum();
				long overflow = samples.stream()
					.filter((sample) -> sample.interval() != null)
					.mapToLong((sample) -> sample.interval().overflow())
					.sum();
				cpuAfter("soak (mixed via gateway, waves)", "requests", cpuBefore, planned - overflow);
				long errors = this.report.errors().total() - errorsBefore + overflow;
				List<Flatness.Verdict> verdicts = Soak.verdicts(samples);
				Soak.WaveCounts waveCounts = soak.waves();
				Soak.Result result = new Soak.Result(rate, rateSource, this.options.soakMinutes(), mix, samples,
						verdicts, errors, errorsBefore,
						Soak.increase(errorKindsBefore, this.report.errors().snapshot()), waveCounts,
						Soak.failures(Soak.judged(samples).size(), verdicts, errors, waveCounts));
				this.report.soak(result);
				this.progress.accept("Soak: " + result.verdictLine());
			}
		}

		/**
		 * Lets the machine work off what the last step left (see {@link Quiet}); the
		 * report says how long that took.
		 */
		private void quiet(String after) {
			int seconds = Quiet.await(Quiet::busyOverASecond, Duration.ofSeconds(60));
			String outcome = (seconds >= 0) ? "quiet after " + seconds + " s" : "still busy after 60 s, going on";
			this.progress.accept("  machine " + outcome + " (" + after + ")");
			this.report.note("Machine " + outcome + " (" + after + "; below " + Math.round(Quiet.BUSY_BELOW * 100)
					+ " % busy for " + Quiet.QUIET_SECONDS + " s)");
		}

		/**
		 * What open but quiet streams cost: heartbeats (a server ping every 25 s, its
		 * pong), nothing else. CPU per connection and second, over whole heartbeat
		 * intervals: a shorter window holds one ping round or none, by chance.
		 */
		private void idle(long connections) throws InterruptedException {
			if (connections <= 0) {
				return;
			}
			Duration idle = HEARTBEAT_INTERVAL.multipliedBy(this.options.quick() ? 1 : 2);
			this.progress.accept(String.format(Locale.ROOT, "WebSockets: %,d subscribers idle for %d s", connections,
					idle.toSeconds()));
			CpuMeter.Snapshot cpuBefore = cpuBefore();
			Thread.sleep(idle);
			cpuAfter("idle streams (heartbeats only)", "connection-seconds", cpuBefore, connections * idle.toSeconds());
		}

		/**
		 * Ports of the n-th further location-service instance: shifted by n times this
		 * (28102/29102, 28202/29202, …).
		 */
		private static final int INSTANCE_PORT_SHIFT = 100;

		/**
		 * location-service's default {@code bowwow.location.stream.heartbeat-interval}.
		 */
		private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(25);

		/** The figure the connections target reads (at the margin, on warmed code). */
		private static final String MARGIN_FIGURE = "memory per connection";

		/** Moves before the measured fan-out, at its rate (quick mode half as long). */
		private static final Duration FANOUT_WARM_UP = Duration.ofSeconds(10);

		/**
		 * How long after its update was answered a move may still be applied after
		 * another (each waits its turn on the pub/sub dispatch): the window in which a
		 * subscriber's own move and another's race ({@link Streams#settle}).
		 */
		private static final Duration FANOUT_REORDER_SLACK = Duration.ofMillis(250);

		private void streams(Population town, Map<String, Map<String, Object>> memory) throws InterruptedException {
			for (int i = 0; i < town.size(); i++) {
				town.token(i);
			}
			boolean viaGateway = this.options.streamsViaGateway() || this.system.locationUrl == null;
			List<String> streamUrls = new ArrayList<>(List
				.of(viaGateway ? this.system.gatewayUrl : SystemUnderTest.streamPortOf(this.system.locationUrl)));
			for (int n = 1; !viaGateway && n < this.options.locationInstances() && this.system.started(); n++) {
				this.progress.accept("WebSockets: starting location-service instance " + (n + 1));
				streamUrls
					.add(SystemUnderTest.streamPortOf(this.system.startLocationInstance(n * INSTANCE_PORT_SHIFT)));
				if (this.cpu != null) {
					// its CPU counts in location-service's column from now on
					this.cpu.include(this.system.pids());
				}
			}
			String route = viaGateway ? "through the gateway"
					: (streamUrls.size() > 1)
							? "straight to " + streamUrls.size() + " location-service instances (split evenly)"
							: "straight to location-service";
			this.report.note("WebSocket subscribers connect " + route + (viaGateway ? ""
					: " on its stream port (production's route: the load balancer sends /api/v1/locations/stream "
							+ "to location-service's stream port; "
							+ "--streams-via-gateway measures the proxied route)"));
			if (this.options.offerCompression()) {
				this.report.note("Subscribers offer permessage-deflate (--ws-compress), as browsers do");
			}
			long limit = openFilesLimit();
			if (viaGateway && this.system.started() && limit > 0 && limit < 2L * town.size() + 1_000) {
				this.report.note(String.format(Locale.ROOT,
						"Open-files limit %,d (soft and hard; this machine does not allow raising it): the gateway "
								+ "holds two descriptors per proxied WebSocket (client and upstream), so it cannot hold "
								+ "%,d connections; the shortfall is the machine's limit, not the code's.",
						limit, town.size()));
			}
			sampleMemory(this.system, memory, "rssBeforeWebSockets");
			Map<String, Double> before = rss();
			int first = Math.min(town.size(), this.options.waveConnections());
			this.progress.accept("WebSockets: opening " + first + " subscribers " + route + " (fan-out and waves)");
			try (Streams streams = new Streams(streamUrls, town, SUBSCRIPTION_RADIUS_MILES, this.report.errors(),
					viaGateway ? "gateway" : "location-service")
				.offeringCompression(this.options.offerCompression())) {
				// Memory per connection at the margin: each hop's RSS
				// growth while connections open on warmed code (classes, JIT,
				// pools). With a second batch that is the second batch, opened
				// after the fan-out and the first waves; else the second half of
				// the first. The whole run's growth is reported beside it.
				boolean secondBatch = first < town.size();
				int half = first / 2;
				long confirmedAtHalf = connect(streams, 0, half, town.size());
				Map<String, Double> atHalf = rss();
				long confirmed = connect(streams, half, first, town.size());
				memoryPerConnection(
						atHalf, rss(), confirmed - confirmedAtHalf, streamUrls.size(), viaGateway, secondBatch
								? "first batch's RSS growth per connection (instances still warming)" : MARGIN_FIGURE,
						"RSS %.0f -> %.0f MiB while about %,d more connections opened");
				quiet("the subscribes");
				idle(confirmed);
				fanout(streams, town);
				waves(streams, town, (size) -> size <= first);
				if (secondBatch) {
					// Then as many as asked: the capacity test, which may exhaust a
					// service.
					this.progress.accept("WebSockets: opening the other " + (town.size() - first) + " subscribers");
					Map<String, Double> beforeRest = rss();
					long confirmedBefore = confirmed;
					confirmed = connect(streams, first, town.size(), town.size());
					memoryPerConnection(beforeRest, rss(), confirmed - confirmedBefore, streamUrls.size(), viaGateway,
							MARGIN_FIGURE, "RSS %.0f -> %.0f MiB while about %,d more connections opened on instances"
									+ " warmed by the first batch, the fan-out and the waves");
					waves(streams, town, (size) -> size > first);
				}
				sampleMemory(this.system, memory, "rssWithWebSockets");
				memoryPerConnection(before, rss(), confirmed, streamUrls.size(), viaGateway,
						"whole run's RSS growth per connection (warm-up and waves included)",
						"RSS %.0f -> %.0f MiB over the run, about %,d connections");
				this.report
					.figure("websocket", "WebSocket subscribers connected " + route, streams.connected(), "connections")
					.note(String.format(Locale.ROOT, "%,d asked; %,d confirmed in all, %,d still open at the end",
							town.size(), confirmed, streams.connected()));
				this.report.figure("websocket", "WebSocket connections dropped during the run", streams.dropped(),
						"connections");
			}
		}

		/**
		 * RSS growth per connection of each hop between two samples: every
		 * location-service instance holds its share, the gateway all of them when it
		 * proxies.
		 */
		private void memoryPerConnection(Map<String, Double> before, Map<String, Double> after, long connections,
				int instances, boolean viaGateway, String figure, String note) {
			for (String service : after.keySet()) {
				boolean location = service.startsWith("location-service");
				boolean proxy = service.equals("gateway") && viaGateway;
				if (!(location || proxy) || !before.containsKey(service) || connections <= 0) {
					continue;
				}
				long held = (location && instances > 1) ? connections / instances : connections;
				double kib = (after.get(service) - before.get(service)) * 1024 / held;
				this.report.figure("websocket", figure + ", " + service, kib, "KiB RSS")
					.note(String.format(Locale.ROOT, note, before.get(service), after.get(service), held));
			}
		}

		private long connect(Streams streams, int from, int to, int asked) throws InterruptedException {
			long begin = System.nanoTime();
			long confirmed = streams.connect(from, to, 200, SUBSCRIPTION_RADIUS_MILES);
			double seconds = (System.nanoTime() - begin) / 1e9;
			Thread.sleep(2_000);
			this.progress.accept(String.format(Locale.ROOT,
					"  subscribers %,d-%,d: %,d of %,d subscribed so far, %.1f s (%,.0f/s, 200 handshakes at a time)",
					from, to - 1, confirmed, asked, seconds, (to - from) / seconds));
			return confirmed;
		}

		private Map<String, Double> rss() {
			Map<String, Double> rss = new LinkedHashMap<>();
			this.system.pids().forEach((service, pid) -> rss.put(service, ProcessMemory.residentMiB(pid)));
			return rss;
		}

		private void fanout(Streams streams, Population town) throws InterruptedException {
			int moves = Math.min(this.options.fanoutMoves(), town.size());
			double rate = this.options.moveRate();
			Random random = new Random(3);
			List<Integer> movers = new ArrayList<>();
			for (int i = 0; i < town.size(); i++) {
				movers.add(i);
			}
			java.util.Collections.shuffle(movers, random);
			// The instances started for the stream scenarios have served nothing yet:
			// without this their JIT compiles the move path during the measured moves.
			// Warm-up movers come from the far end of the list, so the measured moves
			// are the same users either way.
			int warmUp = (int) Math.min(FANOUT_WARM_UP.toSeconds() * rate / (this.options.quick() ? 2 : 1),
					town.size());
			this.progress.accept(String.format(Locale.ROOT,
					"Fan-out warm-up: %d moves at %.0f per second (not reported)", warmUp, rate));
			OpenLoop.Result warm = move(streams, town, movers.reversed().subList(0, warmUp), rate, random);
			Thread.sleep(3_000);
			streams.forgetMoves();
			this.report.note(String.format(Locale.ROOT,
					"Warm-up before the fan-out: %d moves at %.0f/s (update p50 %.1f ms), not reported", warmUp, rate,
					warm.latency().p50()));
			this.progress.accept(String.format(Locale.ROOT,
					"Fan-out: %d users move inside the subscribers' circles, %.0f per second", moves, rate));
			CpuMeter.Snapshot cpuBefore = cpuBefore();
			OpenLoop.Result sent = move(streams, town, movers.subList(0, moves), rate, random);
			Thread.sleep(3_000);
			long ambiguous = streams.settle(FANOUT_REORDER_SLACK.toNanos() / 1_000);
			long expected = 0;
			long lost = 0;
			long unexpected = 0;
			long duplicates = 0;
			List<Streams.Move> judged = streams.movesMade();
			for (Streams.Move move : judged) {
				expected += move.expectedCount();
				lost += move.lost();
				unexpected += move.unexpected();
				duplicates += move.duplicates();
			}
			// per delivered location_update (each move reaches many subscribers), the
			// 3 s of draining included
			cpuAfter("location_update fan-out", "deliveries", cpuBefore, expected - lost);
			Latency.Summary latency = streams.fanoutLatency().summary();
			this.report
				.figure("websocket", "location_update fan-out latency (update sent -> subscriber reads it)",
						latency.p50(), "ms p50")
				.latency(latency)
				.note(String.format(Locale.ROOT,
						"%d moves via the gateway (update p50 %.2f ms), %,d deliveries; %,d updates about other"
								+ " users (subscribers whose subscribe carried their position), not judged; %,d pairs"
								+ " of a move and a subscriber whose own move crossed it in flight, not judged",
						sent.planned(), sent.latency().p50(), expected - lost, streams.strayUpdates(), ambiguous));
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("what", "location_update fan-out");
			// The moves judged: the measured ones, not the warm-up's.
			row.put("sent", judged.size());
			row.put("expected", expected);
			row.put("received", expected - lost);
			row.put("lost", lost);
			// Only movers' updates are judged: a subscribe carrying its position counts
			// as
			// a move (contract), so the subscribers see each other arrive; not strays.
			row.put("unexpected", unexpected);
			row.put("duplicates", duplicates);
			row.put("p50 ms", latency.p50());
			row.put("p99 ms", latency.p99());
			row.put("max ms", latency.max());
			this.report.deliveries(row);
			this.progress.accept(String.format(Locale.ROOT,
					"  %,d deliveries expected, %,d lost, %,d unexpected, %,d duplicate (%,d raced with the subscriber's"
							+ " own move, not judged); p50 %.2f p99 %.2f max %.2f ms",
					expected, lost, unexpected, duplicates, ambiguous, latency.p50(), latency.p99(), latency.max()));
		}

		/** Moves each of {@code movers} once, at {@code rate}, through the gateway. */
		private OpenLoop.Result move(Streams streams, Population town, List<Integer> movers, double rate, Random random)
				throws InterruptedException {
			int[] next = { 0 };
			return OpenLoop.run(rate, Duration.ofMillis((long) (movers.size() * 1000 / rate)), 64, () -> {
				int mover = movers.get(next[0]++);
				Coordinates to;
				do {
					to = Metro.offset(TOWN, random.nextGaussian() * 1_500, random.nextGaussian() * 1_500);
				}
				while (GreatCircle.distanceMeters(TOWN, to) > 14_000);
				Coordinates target = to;
				Streams.Move expected = streams.expectMove(mover, target, Requests.nowMicros());
				return this.gateway
					.send(HttpMethod.POST, "/api/v1/locations/update", Requests.UPDATE, town.token(mover),
							Requests.update(town.id(mover), target))
					.map((response) -> {
						expected.answered(Requests.nowMicros());
						if (response.ok()) {
							town.moveTo(mover, target);
						}
						return response.ok();
					});
			});
		}

		private void waves(Streams streams, Population town, java.util.function.IntPredicate now)
				throws InterruptedException {
			Waves waves = new Waves(this.gateway, streams, town, TOWN, this.system.jdbcUrl, this.system.databaseUser,
					this.system.databasePassword);
			Map<Integer, List<Waves.Outcome>> bySize = new LinkedHashMap<>();
			// only its metrics scrape is used here, which holds no connection to close
			StackProbe probe = new StackProbe(this.system);
			int n = 0;
			for (int size : this.options.waveSizes()) {
				n++;
				if (!now.test(size)) {
					continue;
				}
				String name = "wave " + n + " (~" + size + " receivers)";
				quiet("before " + name);
				this.progress.accept("Waves: " + name);
				Waves.Outcome outcome;
				CpuMeter.Snapshot cpuBefore = cpuBefore();
				Map<String, Double> stagesBefore = probe.sendStages();
				try {
					outcome = waves.send(name, Math.min(size, town.size()));
					// per receiver reached: planning, receipts, relay and WebSocket
					// writes; each wave on its own row too, so the first (paying for
					// the JIT) is told apart from the warmed ones
					cpuAfter("waves", "receivers reached", cpuBefore, outcome.received());
					cpuAfter("  " + name, "receivers reached", cpuBefore, outcome.received());
				}
				catch (IllegalStateException ex) {
					// counted (the refused request is in the error log); the next wave
					// may still go
					this.progress.accept("  " + ex.getMessage());
					this.report.note(name + " not sent: " + ex.getMessage());
					continue;
				}
				bySize.computeIfAbsent(Math.min(size, town.size()), (s) -> new ArrayList<>()).add(outcome);
				Latency.Summary errors = Latency.Summary.ofMicros(outcome.errorsMicros());
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("what", name);
				row.put("radius mi", outcome.radiusMeters() / 1_609.344);
				row.put("expected", outcome.expected());
				row.put("received", outcome.received());
				row.put("lost", outcome.lost());
				row.put("unexpected", outcome.unexpected());
				row.put("duplicates", outcome.duplicates());
				row.put("error p50 ms", errors.p50());
				row.put("error p99 ms", errors.p99());
				row.put("error max ms", errors.max());
				row.put("error min ms", LongStream.of(outcome.errorsMicros()).min().orElse(0) / 1000.0);
				row.put("send ms", outcome.sendMillis());
				String stages = sendStages(stagesBefore, probe.sendStages());
				row.put("send stages ms", stages);
				int[] late = outcome.lateAndNearOrigin(LATE_MILLIS);
				row.put("late > " + LATE_MILLIS + " ms", late[0]);
				row.put("of them reached before the send was answered", late[1]);
				this.report.deliveries(row);
				this.progress.accept(String.format(Locale.ROOT,
						"  %,d expected, %,d received, %d lost, %d unexpected, %d duplicate; error p50 %.2f p99 %.2f max %.2f ms; send answered in %.0f ms (%s); %,d more than %d ms late, %,d of them reached before the send was answered",
						outcome.expected(), outcome.received(), outcome.lost(), outcome.unexpected(),
						outcome.duplicates(), errors.p50(), errors.p99(), errors.max(), outcome.sendMillis(), stages,
						late[0], LATE_MILLIS, late[1]));
				Thread.sleep(1_000);
			}
			bySize.forEach((size, outcomes) -> {
				long[] all = outcomes.stream().flatMapToLong((o) -> LongStream.of(o.errorsMicros())).toArray();
				Latency.Summary errors = Latency.Summary.ofMicros(all);
				int receivers = outcomes.stream().mapToInt(Waves.Outcome::expected).max().orElse(0);
				this.report
					.figure("waves", "wave arrival error, " + ((receivers >= 10_000) ? 10_000 : size) + " receivers",
							errors.p99(), "ms p99")
					.latency(errors)
					.note(outcomes.size() + " wave(s), " + receivers
							+ " receivers each at most; arrival - sentAt - d/speed"
							+ (outcomes.stream().allMatch(Waves.Outcome::timed) ? ""
									: "; departure not readable, errors not measured"));
			});
		}

	}

	/** The arrival error the target allows at p99. */
	private static final long LATE_MILLIS = 50;

	/** Where one send's time went in signal-service, from its stage timers. */
	static String sendStages(Map<String, Double> before, Map<String, Double> after) {
		if (after.isEmpty()) {
			return "stages not readable";
		}
		StringBuilder stages = new StringBuilder();
		after.forEach((stage, seconds) -> {
			if (!stages.isEmpty()) {
				stages.append(", ");
			}
			stages.append(stage)
				.append(' ')
				.append(Math.round((seconds - before.getOrDefault(stage, 0.0)) * 1_000))
				.append(" ms");
		});
		return stages.toString();
	}

	/** JFR recordings of every service, for the profile of the slowest path. */
	private static final class Jfr {

		private final Map<String, Long> pids;

		private final Consumer<String> progress;

		private Jfr(Map<String, Long> pids, Consumer<String> progress) {
			this.pids = pids;
			this.progress = progress;
		}

		static Jfr start(Map<String, Long> pids, Path directory, Consumer<String> progress) {
			try {
				Files.createDirectories(directory);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			pids.forEach((service, pid) -> jcmd(pid, progress, "JFR.start", "name=bench", "settings=profile",
					"filename=" + directory.resolve(service + ".jfr")));
			return new Jfr(pids, progress);
		}

		void stop() {
			this.pids.forEach((service, pid) -> jcmd(pid, this.progress, "JFR.stop", "name=bench"));
		}

		private static void jcmd(long pid, Consumer<String> progress, String... arguments) {
			Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
			List<String> command = new ArrayList<>();
			command.add(java.resolveSibling("jcmd").toString());
			command.add(Long.toString(pid));
			command.addAll(List.of(arguments));
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
				String output = new String(process.getInputStream().readAllBytes());
				process.waitFor();
				if (process.exitValue() != 0) {
					progress.accept("jcmd failed: " + output);
				}
			}
			catch (IOException ex) {
				progress.accept("jcmd failed: " + ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
