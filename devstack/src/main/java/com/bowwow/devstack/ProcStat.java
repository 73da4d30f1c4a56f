package com.bowwow.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the stack's tools read of a process's or thread's {@code /proc/<pid>/stat}: its
 * name and CPU time. Shared by the bench's CPU meter and the end-to-end suite's account
 * of a timed window, so both count the same ticks.
 *
 * @param name the command or thread name (15 characters at most)
 * @param ppid the parent's pid
 * @param cpuTicks utime + stime, in {@link #TICKS_PER_SECOND}
 */
public record ProcStat(String name, long ppid, long cpuTicks) {

	/** USER_HZ, the unit of /proc's CPU times (100 on every mainstream Linux). */
	public static final long TICKS_PER_SECOND = clockTicksPerSecond();

	/** A process's stat, or null (exited). */
	public static ProcStat of(long pid) {
		return read(Path.of("/proc", Long.toString(pid), "stat"));
	}

	/** A {@code stat} file, or null (its process or thread has exited). */
	public static ProcStat read(Path file) {
		try {
			return parse(Files.readString(file));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	public static ProcStat parse(String line) {
		// the name may hold spaces and parentheses: fields start after the last ')'
		int close = line.lastIndexOf(')');
		String[] fields = line.substring(close + 2).split(" ");
		// after the name: state(0) ppid(1) ... utime(11) stime(12)
		return new ProcStat(line.substring(line.indexOf('(') + 1, close), Long.parseLong(fields[1]),
				Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
	}

	/**
	 * Whether a thread is one of HotSpot's JIT compilers: "C1 CompilerThread0", "C2
	 * CompilerThread1", which /proc cuts to 15 characters.
	 */
	public static boolean isJitCompiler(String threadName) {
		return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
	}

	/**
	 * All CPUs' ticks from the first line of {@code /proc/stat}: busy, and in all (user
	 * to steal; idle and iowait are not busy). Both 0 when it cannot be read.
	 *
	 * @param busy ticks spent working
	 * @param total ticks in all
	 */
	public record Machine(long busy, long total) {

		public static Machine now() {
			try {
				String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
				long busy = 0;
				long total = 0;
				for (int i = 1; i < fields.length && i <= 8; i++) {
					long value = Long.parseLong(fields[i]);
					total += value;
					if (i != 4 && i != 5) {
						busy += value;
					}
				}
				return new Machine(busy, total);
			}
			catch (IOException | RuntimeException ex) {
				return new Machine(0, 0);
			}
		}

		/** The busy share (0-1) since {@code before}. */
		public double busyShare(Machine before) {
			long total = this.total - before.total;
			return (total <= 0) ? 0 : (double) (this.busy - before.busy) / total;
		}

	}

	private static long clockTicksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			if (getconf.waitFor() == 0) {
				return Long.parseLong(out);
			}
		}
		catch (IOException | RuntimeException ex) {
			// fall through
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 100;
	}

}
