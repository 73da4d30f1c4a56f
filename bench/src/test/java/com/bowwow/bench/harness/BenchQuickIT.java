package com.bowwow.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness working: runs quick mode against a freshly started stack and checks
 * that it completes, writes both report files, and saw no error and no lost or duplicate
 * delivery. Speed is never asserted (that is what the report is read for).
 */
class BenchQuickIT {

	@Test
	void quickModeCompletesWithoutErrorsOrLostDeliveries() throws Exception {
		Path output = Path.of("target/bench-quick-it").toAbsolutePath();
		Report report = BenchMain.run(BenchOptions.parse("--quick", "--out", output.toString()),
				(line) -> System.out.println("[bench] " + line));

		assertThat(output.resolve("bench-report.md")).isRegularFile();
		assertThat(output.resolve("bench-report.json")).isRegularFile();
		assertThat(Files.readString(output.resolve("bench-report.md"))).contains("## Targets", "## Memory");
		assertThat(report.errors().snapshot()).as("every non-2xx answer or failure").isEmpty();
		List<Map<String, Object>> waves = report.deliveryRows()
			.stream()
			.filter((row) -> String.valueOf(row.get("what")).startsWith("wave"))
			.toList();
		assertThat(waves).isNotEmpty();
		assertThat(waves).allSatisfy((wave) -> {
			assertThat(wave.get("expected")).isNotEqualTo(0);
			assertThat(wave.get("lost")).isEqualTo(0);
			assertThat(wave.get("duplicates")).isEqualTo(0);
			assertThat(wave.get("unexpected")).isEqualTo(0);
		});
		// The fan-out's warm-up moves are forgotten: only the measured ones are judged.
		assertThat(report.deliveryRows()).filteredOn((row) -> "location_update fan-out".equals(row.get("what")))
			.singleElement()
			.satisfies((fanout) -> {
				assertThat(fanout.get("sent")).as("moves judged").isEqualTo(20);
				assertThat((long) fanout.get("expected")).isPositive();
				assertThat(fanout.get("duplicates")).isEqualTo(0L);
			});
		assertThat(report.figures()).map(Report.Figure::name)
			.anyMatch((name) -> name.startsWith("memory per connection"));
		assertThat(report.memoryRows()).hasSize(6);
		// The services' JIT and VM-thread CPU beside their columns: a run minutes after a
		// start still compiles, and every scenario shows how much.
		assertThat(report.cpuRows()).isNotEmpty()
			.allSatisfy((row) -> assertThat(row).containsKeys("of it " + CpuMeter.JIT + " µs",
					"of it " + CpuMeter.VM_THREAD + " µs"));
		assertThat(report.cpuRows()).filteredOn((row) -> "waves".equals(row.get("scenario")))
			.singleElement()
			.satisfies((row) -> {
				assertThat(row.get("of it " + CpuMeter.JIT + " µs")).isInstanceOf(Long.class);
				assertThat(row.get("of it " + CpuMeter.VM_THREAD + " µs")).isInstanceOf(Long.class);
				// parts of the service columns, not added to the total (each column is
				// rounded on its own)
				List<Long> processes = row.entrySet()
					.stream()
					.filter((column) -> column.getKey().endsWith(" µs") && !column.getKey().equals("all µs")
							&& !column.getKey().startsWith("of it "))
					.map((column) -> (Long) column.getValue())
					.toList();
				long sum = processes.stream().mapToLong(Long::longValue).sum();
				assertThat((Long) row.get("all µs")).isBetween(sum - processes.size(), sum + processes.size());
			});
	}

}
