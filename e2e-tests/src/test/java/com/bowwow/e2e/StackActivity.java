package com.bowwow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bowwow.devstack.DevStack;
import com.bowwow.devstack.ProcStat;

/**
 * What the stack's processes and the machine did during a timed window: each service's
 * CPU and its JVM's pauses (from the JVM log the stack keeps per process), and how busy
 * both cores were. A timing assertion that fails on a slow machine says with it whether a
 * service was paused, busy, or waiting for the machine.
 */
final class StackActivity {

	private static final Pattern SAFEPOINT = Pattern
		.compile("^\\[([^\\]]+)\\]\\[[^\\]]+\\]\\[safepoint\\s*\\] Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

	private final DevStack stack;

	private final Map<String, Long> pids;

	private final Map<String, Long> cpuTicks;

	private final Map<String, Map<String, Long>> compilerTicks;

	private final ProcStat.Machine machine;

	private final long ownTicks;

	private final long ownCollectionMillis;

	private StackActivity(DevStack stack) {
		this.stack = stack;
		this.pids = stack.pids();
		this.cpuTicks = new LinkedHashMap<>();
		this.compilerTicks = new LinkedHashMap<>();
		this.pids.forEach((instance, pid) -> {
			this.cpuTicks.put(instance, cpuTicks(pid));
			this.compilerTicks.put(instance, compilerTicks(pid));
		});
		this.machine = ProcStat.Machine.now();
		this.ownTicks = cpuTicks(ProcessHandle.current().pid());
		this.ownCollectionMillis = ownCollectionMillis();
	}

	/** Starts a window now. */
	static StackActivity start(DevStack stack) {
		return new StackActivity(stack);
	}

	/**
	 * Waits (at most {@code limit}) until the services' JIT compilers have been idle for
	 * a quarter of a second, and returns how long that took. Each new kind of work makes
	 * a freshly started service compile for a second or two in the background; on two
	 * cores that competes with whatever is timed next.
	 */
	static Duration awaitCompilersIdle(DevStack stack, Duration limit) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + limit.toNanos();
		long last = allCompilerTicks(stack);
		while (System.nanoTime() < deadline) {
			Thread.sleep(250);
			long now = allCompilerTicks(stack);
			if (now - last <= 1) {
				break;
			}
			last = now;
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static long allCompilerTicks(DevStack stack) {
		return stack.pids()
			.values()
			.stream()
			.mapToLong((pid) -> compilerTicks(pid).values().stream().mapToLong(Long::longValue).sum())
			.sum();
	}

	/**
	 * The window from {@link #start} until now: each process's CPU (and its JIT's share)
	 * and the JVM pauses that ended within {@code [from, to]}, the test's own CPU and
	 * collections, and the machine's load; and the longest of those pauses.
	 */
	Window close(Instant from, Instant to) {
		double busy = 100 * ProcStat.Machine.now().busyShare(this.machine);
		List<String> lines = new ArrayList<>();
		double longest = 0;
		for (Map.Entry<String, Long> process : this.pids.entrySet()) {
			String instance = process.getKey();
			long pid = process.getValue();
			List<Pause> pauses = pauses(pid, from, to);
			for (Pause pause : pauses) {
				longest = Math.max(longest, pause.millis());
			}
			Map<String, Long> before = this.compilerTicks.get(instance);
			long jitTicks = compilerTicks(pid).entrySet()
				.stream()
				.mapToLong((thread) -> thread.getValue() - before.getOrDefault(thread.getKey(), 0L))
				.sum();
			lines.add(String.format(Locale.ROOT, "%s: CPU %d ms (JIT %d), %d JVM pauses%s", instance,
					millis(cpuTicks(pid) - this.cpuTicks.get(instance)), millis(jitTicks), pauses.size(),
					pauses.isEmpty() ? "" : " " + pauses));
		}
		// The client's side of the window: the test's JVM receives the deliveries.
		lines.add(String.format(Locale.ROOT, "this test: CPU %d ms, collections %d ms",
				millis(cpuTicks(ProcessHandle.current().pid()) - this.ownTicks),
				ownCollectionMillis() - this.ownCollectionMillis));
		lines.add(String.format(Locale.ROOT, "machine: %.0f %% busy over all cores", busy));
		return new Window(String.join("; ", lines), longest);
	}

	/** Whether the stack keeps a JVM log for each of its processes. */
	boolean everyProcessLogged() {
		return this.pids.values().stream().allMatch((pid) -> Files.isRegularFile(this.stack.jvmLog(pid)));
	}

	private List<Pause> pauses(long pid, Instant from, Instant to) {
		Path log = this.stack.jvmLog(pid);
		if (!Files.isRegularFile(log)) {
			return List.of();
		}
		List<Pause> pauses = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(log)) {
				Matcher matcher = SAFEPOINT.matcher(line);
				if (matcher.find()) {
					Instant ended = OffsetDateTime.parse(matcher.group(1), STAMP).toInstant();
					if (!ended.isBefore(from) && !ended.isAfter(to)) {
						pauses.add(new Pause(matcher.group(2), Long.parseLong(matcher.group(3)) / 1_000_000.0));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return pauses;
	}

	private static long ownCollectionMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionTime)
			.filter((millis) -> millis > 0)
			.sum();
	}

	/**
	 * CPU ticks of a process's JIT compiler threads, by thread id: the JVM starts and
	 * stops them as work comes, so a thread that ended within the window is not counted.
	 */
	private static Map<String, Long> compilerTicks(long pid) {
		Map<String, Long> ticks = new LinkedHashMap<>();
		try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path thread : threads.toList()) {
				ProcStat stat = ProcStat.read(thread.resolve("stat"));
				if (stat != null && ProcStat.isJitCompiler(stat.name())) {
					ticks.put(thread.getFileName().toString(), stat.cpuTicks());
				}
			}
		}
		catch (IOException ex) {
			return Map.of();
		}
		return ticks;
	}

	private static long cpuTicks(long pid) {
		ProcStat stat = ProcStat.of(pid);
		return (stat != null) ? stat.cpuTicks() : 0;
	}

	private static long millis(long ticks) {
		return ticks * 1000 / ProcStat.TICKS_PER_SECOND;
	}

	/**
	 * What {@link #close} found.
	 *
	 * @param report one line for people
	 * @param longestPauseMillis the longest JVM pause of any service in the window
	 */
	record Window(String report, double longestPauseMillis) {

	}

	private record Pause(String operation, double millis) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%s %.1f ms", this.operation, this.millis);
		}

	}

}
