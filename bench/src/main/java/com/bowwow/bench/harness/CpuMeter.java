package com.bowwow.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import com.bowwow.devstack.ProcStat;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * CPU time per operation of every process, read from {@code /proc} before and after each
 * scenario: a figure that survives a noisy machine, unlike throughput. Every process is
 * charged with everything it did during the scenario's window (its background work
 * included), divided by the operations the scenario completed.
 * <ul>
 * <li>each service: {@code utime + stime} of its JVM (all threads);</li>
 * <li>PostgreSQL: the sum over the postmaster's live children, leaving out client
 * backends connected to other databases (other users of a shared server); found from
 * {@code pg_backend_pid()} of a connection of ours;</li>
 * <li>Redis: the server's {@code process_id} from {@code INFO server} (a shared Redis
 * cannot be split per database);</li>
 * <li>the harness: this JVM.</li>
 * </ul>
 * Two more columns split the services' CPU by thread, without adding to the total: the
 * JIT compiler threads of every service JVM, and the VM thread (under the Serial
 * collector, every collection and safepoint operation). Minutes after a start the JIT
 * still takes a large share; without these columns a scenario run early reads as slow
 * code when it is compilation. A server on another machine (no such PID here) shows as
 * n/a.
 */
final class CpuMeter {

	/** Above this share of the machine, the harness may be the bottleneck. */
	static final double HARNESS_WARNING_SHARE = 0.10;

	private static final Path PROC = Path.of("/proc");

	private final Map<String, LongSupplier> processes = new LinkedHashMap<>();

	private final double microsPerTick;

	private final Map<String, Accumulated> scenarios = new LinkedHashMap<>();

	/**
	 * Each service's instances: more may start after the meter (see {@link #include}).
	 */
	private final Map<String, List<Long>> instances = new LinkedHashMap<>();

	CpuMeter(Map<String, Long> stackPids, SystemUnderTest system) {
		this.microsPerTick = 1_000_000.0 / ProcStat.TICKS_PER_SECOND;
		stackPids.forEach((service, pid) -> {
			List<Long> pids = new CopyOnWriteArrayList<>(List.of(pid));
			this.instances.put(service, pids);
			this.processes.put(service, () -> ticks(pids));
		});
		long postmaster = postmaster(system);
		String database = database(system.jdbcUrl);
		this.processes.put("PostgreSQL",
				(postmaster > 0) ? () -> postgresTicks(postmaster, database) : () -> Snapshot.UNKNOWN);
		long redis = redisPid(system);
		this.processes.put("Redis", (redis > 0) ? () -> ticks(redis) : () -> Snapshot.UNKNOWN);
		long harness = ProcessHandle.current().pid();
		this.processes.put("harness", () -> ticks(harness));
	}

	/** The services' JIT compiler threads, a part of their columns. */
	static final String JIT = "services' JIT compiler";

	/** The services' VM threads (collections and safepoints), a part of their columns. */
	static final String VM_THREAD = "services' VM thread (GC)";

	private List<Long> allInstances() {
		return this.instances.values().stream().flatMap(List::stream).toList();
	}

	/**
	 * Parts of the services' columns, by thread kind: reported beside them, never added
	 * to the total.
	 */
	static final List<String> THREAD_KINDS = List.of(JIT, VM_THREAD);

	/**
	 * The kind of a service JVM's thread, or null for the rest. HotSpot names them "C1
	 * CompilerThread0", "C2 CompilerThread1", "VM Thread"; /proc keeps 15 characters.
	 */
	static String threadKind(String name) {
		if (ProcStat.isJitCompiler(name)) {
			return JIT;
		}
		return "VM Thread".equals(name) ? VM_THREAD : null;
	}

	/**
	 * Counts instances started after the meter ({@code location-service@28102}) in their
	 * service's column, from the window in which they started on.
	 */
	void include(Map<String, Long> stackPids) {
		stackPids.forEach((name, pid) -> {
			List<Long> pids = this.instances.get(serviceOf(name));
			if (pids != null && !pids.contains(pid)) {
				pids.add(pid);
			}
		});
	}

	/** {@code location-service@28102} is an instance of {@code location-service}. */
	static String serviceOf(String instance) {
		int at = instance.indexOf('@');
		return (at > 0) ? instance.substring(0, at) : instance;
	}

	List<String> processNames() {
		return List.copyOf(this.processes.keySet());
	}

	Snapshot snapshot() {
		Map<String, Long> ticks = new LinkedHashMap<>();
		this.processes.forEach((name, reader) -> ticks.put(name, reader.getAsLong()));
		ticks.putAll(threadTicks(allInstances()));
		return new Snapshot(ticks, machineTicks());
	}

	/**
	 * Charges what happened since {@code before} to a scenario; several windows of one
	 * scenario add up.
	 */
	void add(String scenario, String unit, Snapshot before, long operations) {
		Snapshot after = snapshot();
		Accumulated accumulated = this.scenarios.computeIfAbsent(scenario, (s) -> new Accumulated(unit));
		accumulated.operations += operations;
		accumulated.machine += after.machine - before.machine;
		after.ticks.forEach((name, value) -> {
			Long start = before.ticks.get(name);
			boolean known = value != Snapshot.UNKNOWN && start != null && start != Snapshot.UNKNOWN;
			accumulated.ticks.merge(name, known ? Math.max(0, value - start) : Snapshot.UNKNOWN,
					(a, b) -> (a == Snapshot.UNKNOWN || b == Snapshot.UNKNOWN) ? Snapshot.UNKNOWN : a + b);
		});
	}

	/** One row per scenario: µs of CPU per operation of each process, and in all. */
	List<Map<String, Object>> rows() {
		List<Map<String, Object>> rows = new ArrayList<>();
		this.scenarios.forEach((scenario, accumulated) -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("scenario", scenario);
			row.put("operations", accumulated.operations + " " + accumulated.unit);
			double total = 0;
			boolean complete = true;
			for (String name : this.processes.keySet()) {
				long ticks = accumulated.ticks.getOrDefault(name, Snapshot.UNKNOWN);
				if (ticks == Snapshot.UNKNOWN || accumulated.operations == 0) {
					row.put(name + " µs", "n/a");
					complete = false;
					continue;
				}
				double micros = ticks * this.microsPerTick / accumulated.operations;
				row.put(name + " µs", Math.round(micros));
				total += micros;
			}
			row.put("all µs", complete ? (Object) Math.round(total) : "n/a (some processes not measured)");
			for (String part : THREAD_KINDS) {
				long ticks = accumulated.ticks.getOrDefault(part, Snapshot.UNKNOWN);
				row.put("of it " + part + " µs", (ticks == Snapshot.UNKNOWN || accumulated.operations == 0) ? "n/a"
						: (Object) Math.round(ticks * this.microsPerTick / accumulated.operations));
			}
			row.put("harness % of machine", Math.round(harnessShare(accumulated) * 1000) / 10.0);
			rows.add(row);
		});
		return rows;
	}

	/** Scenarios in which the harness used more than 10 % of the machine. */
	List<String> harnessWarnings() {
		List<String> warnings = new ArrayList<>();
		this.scenarios.forEach((scenario, accumulated) -> {
			double share = harnessShare(accumulated);
			if (share > HARNESS_WARNING_SHARE) {
				warnings.add(String.format(Locale.ROOT,
						"WARNING: the harness used %.1f %% of the machine during \"%s\" (above %.0f %%): the load "
								+ "generator competes with the stack for CPU, so that scenario's rates understate "
								+ "the stack (CPU per operation is still valid).",
						share * 100, scenario, HARNESS_WARNING_SHARE * 100));
			}
		});
		return warnings;
	}

	private static double harnessShare(Accumulated accumulated) {
		long harness = accumulated.ticks.getOrDefault("harness", Snapshot.UNKNOWN);
		return (accumulated.machine > 0 && harness != Snapshot.UNKNOWN) ? (double) harness / accumulated.machine : 0;
	}

	/** The sum over a service's instances; one that has exited adds nothing. */
	static long ticks(List<Long> pids) {
		long sum = 0;
		boolean any = false;
		for (long pid : pids) {
			long ticks = ticks(pid);
			if (ticks != Snapshot.UNKNOWN) {
				sum += ticks;
				any = true;
			}
		}
		return any ? sum : Snapshot.UNKNOWN;
	}

	/** CPU ticks of one process (all threads): utime + stime. */
	static long ticks(long pid) {
		ProcStat stat = stat(pid);
		return (stat != null) ? stat.cpuTicks() : Snapshot.UNKNOWN;
	}

	/**
	 * CPU ticks of the threads of {@code pids} by {@link #threadKind kind}, in one pass
	 * over their {@code task} directories (a thread that ended since the last snapshot
	 * takes its ticks with it: compiler and VM threads live as long as their JVM).
	 */
	static Map<String, Long> threadTicks(List<Long> pids) {
		Map<String, Long> byKind = new LinkedHashMap<>();
		boolean any = false;
		for (long pid : pids) {
			try (Stream<Path> tasks = Files.list(PROC.resolve(Long.toString(pid)).resolve("task"))) {
				for (Path task : (Iterable<Path>) tasks::iterator) {
					ProcStat stat = ProcStat.read(task.resolve("stat"));
					if (stat == null) {
						continue;
					}
					any = true;
					String kind = threadKind(stat.name());
					if (kind != null) {
						byKind.merge(kind, stat.cpuTicks(), Long::sum);
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// exited: adds nothing
			}
		}
		Map<String, Long> ticks = new LinkedHashMap<>();
		for (String kind : THREAD_KINDS) {
			ticks.put(kind, any ? byKind.getOrDefault(kind, 0L) : Snapshot.UNKNOWN);
		}
		return ticks;
	}

	/** A process's {@code /proc/<pid>/stat}, or null (exited). */
	static ProcStat stat(long pid) {
		return ProcStat.of(pid);
	}

	/**
	 * The postmaster's children: client backends of our database and the shared
	 * background processes (WAL writer, checkpointer, autovacuum...).
	 */
	static long postgresTicks(long postmaster, String database) {
		long sum = 0;
		try (Stream<Path> entries = Files.list(PROC)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				String name = entry.getFileName().toString();
				if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
					continue;
				}
				long pid = Long.parseLong(name);
				ProcStat stat = stat(pid);
				if (stat == null || stat.ppid() != postmaster || !countsFor(title(pid), database)) {
					continue;
				}
				sum += stat.cpuTicks();
			}
		}
		catch (IOException | RuntimeException ex) {
			return Snapshot.UNKNOWN;
		}
		return sum;
	}

	/**
	 * A client backend's title is "postgres: [cluster: ]user database host(port) state";
	 * one of another database is someone else's work on a shared server.
	 */
	static boolean countsFor(String title, String database) {
		if (title == null || database == null) {
			return true;
		}
		String rest = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
		// with cluster_name set (Debian's default) the title starts with "15/main: "
		rest = rest.trim().replaceFirst("^\\S+: ", "");
		String[] parts = rest.trim().split("\\s+");
		boolean clientBackend = parts.length >= 3 && (parts[2].contains("(") || parts[2].equals("[local]"));
		return !clientBackend || parts[1].equals(database);
	}

	private static String title(long pid) {
		try {
			byte[] bytes = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
			return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** All CPUs' ticks (busy and idle) from the first line of /proc/stat. */
	static long machineTicks() {
		return ProcStat.Machine.now().total();
	}

	private static long postmaster(SystemUnderTest system) {
		if (system.jdbcUrl == null) {
			return -1;
		}
		Properties properties = new Properties();
		properties.setProperty("user", system.databaseUser);
		if (system.databasePassword != null && !system.databasePassword.isEmpty()) {
			properties.setProperty("password", system.databasePassword);
		}
		try (Connection connection = DriverManager.getConnection(system.jdbcUrl, properties);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			ProcStat backend = stat(result.getLong(1));
			// not on this machine (or not visible): n/a
			return (backend != null) ? backend.ppid() : -1;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	static String database(String jdbcUrl) {
		if (jdbcUrl == null) {
			return null;
		}
		String path = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]*/", "");
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

	private static long redisPid(SystemUnderTest system) {
		if (system.redisHost == null) {
			return -1;
		}
		RedisURI.Builder uri = RedisURI.builder().withHost(system.redisHost).withPort(system.redisPort);
		if (system.redisPassword != null && !system.redisPassword.isEmpty()) {
			uri.withPassword(system.redisPassword.toCharArray());
		}
		RedisClient client = RedisClient.create(uri.build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			for (String line : connection.sync().info("server").split("\r?\n")) {
				if (line.startsWith("process_id:")) {
					long pid = Long.parseLong(line.substring("process_id:".length()).trim());
					return (stat(pid) != null) ? pid : -1;
				}
			}
			return -1;
		}
		catch (RuntimeException ex) {
			return -1;
		}
		finally {
			client.shutdown();
		}
	}

	/** CPU ticks per process and of the whole machine at one moment. */
	record Snapshot(Map<String, Long> ticks, long machine) {

		static final long UNKNOWN = -1;

	}

	private static final class Accumulated {

		private final String unit;

		private final Map<String, Long> ticks = new LinkedHashMap<>();

		private long operations;

		private long machine;

		private Accumulated(String unit) {
			this.unit = unit;
		}

	}

}
