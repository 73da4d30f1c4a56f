package com.bowwow.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process, from {@code /proc/<pid>/status}. */
final class ProcessMemory {

	private ProcessMemory() {
	}

	/** Current resident set (VmRSS) in MiB, or NaN when unreadable. */
	static double residentMiB(long pid) {
		return field(pid, "VmRSS:");
	}

	/** Peak resident set since start (VmHWM) in MiB, or NaN. */
	static double peakMiB(long pid) {
		return field(pid, "VmHWM:");
	}

	private static double field(long pid, String name) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(name)) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// gone, or not Linux
		}
		return Double.NaN;
	}

}
