package com.bowwow.bench.harness;

import java.util.Collection;
import java.util.Locale;

import com.bowwow.devstack.ProcStat;

/**
 * Who used the machine's CPU between two snapshots ({@code /proc/stat} and each process's
 * {@code /proc/<pid>/stat}): the stack's services, the harness itself, and everything
 * else (PostgreSQL, Redis, and whatever else runs on the machine, e.g. other builds). The
 * report states it, so a figure from a busy machine is read as such.
 */
record CpuUsage(long machineBusy, long machineTotal, long stack, long harness) {

	static CpuUsage now(Collection<Long> stackPids) {
		ProcStat.Machine machine = ProcStat.Machine.now();
		long stack = stackPids.stream().mapToLong(CpuUsage::ticks).sum();
		return new CpuUsage(machine.busy(), machine.total(), stack, ticks(ProcessHandle.current().pid()));
	}

	/** The machine's busy share (0-1) since {@code before}. */
	double busyShare(CpuUsage before) {
		double total = this.machineTotal - before.machineTotal;
		return (total <= 0) ? 0 : (this.machineBusy - before.machineBusy) / total;
	}

	/** What happened since {@code before}, as shares of the whole machine. */
	String since(CpuUsage before) {
		double total = this.machineTotal - before.machineTotal;
		if (total <= 0) {
			return "n/a";
		}
		double busy = (this.machineBusy - before.machineBusy) / total * 100;
		double stack = (this.stack - before.stack) / total * 100;
		double harness = (this.harness - before.harness) / total * 100;
		return String.format(Locale.ROOT,
				"machine %.0f %% busy: stack services %.0f %%, harness %.0f %%, everything else "
						+ "(PostgreSQL, Redis, other processes) %.0f %%",
				busy, stack, harness, Math.max(0, busy - stack - harness));
	}

	private static long ticks(long pid) {
		ProcStat stat = ProcStat.of(pid);
		return (stat != null) ? stat.cpuTicks() : 0;
	}

}
