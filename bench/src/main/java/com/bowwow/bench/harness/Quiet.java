package com.bowwow.bench.harness;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Waits until the machine has worked off what an earlier step left behind (a subscribe
 * storm's own location updates, a large wave's pushes and analytics), so that the next
 * step is measured on its own: without it, a 2,500-receiver wave sent 16 s after a
 * 10,000-receiver one shared the machine with that wave's backlog, and its CPU per
 * receiver counted the backlog too.
 */
final class Quiet {

	/** The machine's busy share (0-1) below which it counts as quiet. */
	static final double BUSY_BELOW = 0.25;

	/** Consecutive quiet seconds needed. */
	static final int QUIET_SECONDS = 2;

	private Quiet() {
	}

	/**
	 * @param busyOverASecond the machine's busy share over the next second (blocks that
	 * second)
	 * @param atMost how long to wait before going on regardless
	 * @return how many seconds it took, or -1 when it did not settle within
	 * {@code atMost}
	 */
	static int await(DoubleSupplier busyOverASecond, Duration atMost) {
		int quiet = 0;
		for (int second = 1; second <= atMost.toSeconds(); second++) {
			quiet = (busyOverASecond.getAsDouble() < BUSY_BELOW) ? quiet + 1 : 0;
			if (quiet >= QUIET_SECONDS) {
				return second;
			}
		}
		return -1;
	}

	/** The machine's busy share over the next second, from {@code /proc/stat}. */
	static double busyOverASecond() {
		CpuUsage before = CpuUsage.now(java.util.List.of());
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
		return CpuUsage.now(java.util.List.of()).busyShare(before);
	}

}
