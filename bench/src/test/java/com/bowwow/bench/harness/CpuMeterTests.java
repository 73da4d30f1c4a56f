package com.bowwow.bench.harness;

import java.util.List;
import java.util.Map;

import com.bowwow.devstack.ProcStat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuMeterTests {

	@Test
	void postgresClientBackendsOfOtherDatabasesAreLeftOut() {
		assertThat(CpuMeter.countsFor("postgres: postgres bowwow_test_1 127.0.0.1(5122) idle", "bowwow_test_1"))
			.isTrue();
		assertThat(CpuMeter.countsFor("postgres: postgres bowwow_test_2 127.0.0.1(5123) idle", "bowwow_test_1"))
			.isFalse();
		assertThat(CpuMeter.countsFor("postgres: postgres other [local] SELECT", "bowwow_test_1")).isFalse();
		// shared background work counts
		assertThat(CpuMeter.countsFor("postgres: checkpointer", "bowwow_test_1")).isTrue();
		assertThat(CpuMeter.countsFor("postgres: autovacuum launcher", "bowwow_test_1")).isTrue();
		assertThat(CpuMeter.countsFor("postgres: logical replication launcher", "bowwow_test_1")).isTrue();
		// Debian sets cluster_name: the title starts with it
		assertThat(CpuMeter.countsFor("postgres: 15/main: postgres bowwow_test_1 127.0.0.1(38340) SELECT",
				"bowwow_test_1"))
			.isTrue();
		assertThat(CpuMeter.countsFor("postgres: 15/main: postgres postgres 127.0.0.1(38340) idle", "bowwow_test_1"))
			.isFalse();
		assertThat(CpuMeter.countsFor("postgres: 15/main: walwriter", "bowwow_test_1")).isTrue();
	}

	@Test
	void databaseNameComesFromTheJdbcUrl() {
		assertThat(CpuMeter.database("jdbc:postgresql://127.0.0.1:5432/bowwow_test_ab?sslmode=disable"))
			.isEqualTo("bowwow_test_ab");
		assertThat(CpuMeter.database("jdbc:postgresql://localhost/bowwow")).isEqualTo("bowwow");
	}

	@Test
	void cpuTimeOfThisProcessGrowsWithWork() {
		long pid = ProcessHandle.current().pid();
		long before = CpuMeter.ticks(pid);
		long sink = 0;
		long until = System.nanoTime() + 300_000_000L;
		while (System.nanoTime() < until) {
			sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
		}
		assertThat(sink).isNotNegative();
		assertThat(CpuMeter.ticks(pid)).isGreaterThan(before);
		assertThat(CpuMeter.machineTicks()).isPositive();
		assertThat(CpuMeter.ticks(Long.MAX_VALUE)).isEqualTo(CpuMeter.Snapshot.UNKNOWN);
	}

	@Test
	void aServicesInstancesAddUpAndOneThatExitedAddsNothing() {
		long self = ProcessHandle.current().pid();
		long before = CpuMeter.ticks(self);
		long twice = CpuMeter.ticks(List.of(self, self));
		long withExited = CpuMeter.ticks(List.of(self, Long.MAX_VALUE));
		long after = CpuMeter.ticks(self);
		assertThat(twice).isBetween(2 * before, 2 * after);
		assertThat(withExited).isBetween(before, after);
		assertThat(CpuMeter.ticks(List.of(Long.MAX_VALUE))).isEqualTo(CpuMeter.Snapshot.UNKNOWN);
		assertThat(CpuMeter.serviceOf("location-service@28102")).isEqualTo("location-service");
		assertThat(CpuMeter.serviceOf("location-service")).isEqualTo("location-service");
	}

	/**
	 * The JIT and VM-thread columns read the threads HotSpot names, from the names /proc
	 * keeps (15 characters), in one pass: this JVM's compiler threads have compiled
	 * something by now, and a line whose name holds spaces and parentheses still parses.
	 */
	@Test
	void threadKindsAreReadFromTheNamesProcKeeps() {
		long self = ProcessHandle.current().pid();
		assertThat(CpuMeter.threadKind("C2 CompilerThre")).isEqualTo(CpuMeter.JIT);
		assertThat(CpuMeter.threadKind("C1 CompilerThre")).isEqualTo(CpuMeter.JIT);
		assertThat(CpuMeter.threadKind("VM Thread")).isEqualTo(CpuMeter.VM_THREAD);
		assertThat(CpuMeter.threadKind("main")).isNull();
		Map<String, Long> threads = CpuMeter.threadTicks(List.of(self));
		assertThat(threads).containsOnlyKeys(CpuMeter.THREAD_KINDS);
		assertThat(threads.get(CpuMeter.JIT)).isPositive().isLessThanOrEqualTo(CpuMeter.ticks(self));
		assertThat(threads.get(CpuMeter.VM_THREAD)).isNotNegative();
		assertThat(CpuMeter.threadTicks(List.of(Long.MAX_VALUE))).containsOnly(
				Map.entry(CpuMeter.JIT, CpuMeter.Snapshot.UNKNOWN),
				Map.entry(CpuMeter.VM_THREAD, CpuMeter.Snapshot.UNKNOWN));
		assertThat(ProcStat.parse("42 (C2 Comp (x) y) S 7 1 1 0 -1 4194560 5 0 0 0 30 12 0 0 20 0 1 0"))
			.isEqualTo(new ProcStat("C2 Comp (x) y", 7, 42));
	}

}
