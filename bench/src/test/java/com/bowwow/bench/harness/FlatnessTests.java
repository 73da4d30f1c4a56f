package com.bowwow.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bowwow.bench.harness.Flatness.Outcome;
import com.bowwow.bench.harness.Flatness.Tolerance;
import com.bowwow.bench.harness.Flatness.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlatnessTests {

	private static final Tolerance TEN_PERCENT = new Tolerance(0.10, 0);

	@Test
	void aNoisyButLevelSeriesIsFlat() {
		Verdict verdict = Flatness.judge("gateway RSS", "MiB",
				List.of(300.0, 312.0, 296.0, 305.0, 318.0, 299.0, 310.0, 302.0, 307.0), TEN_PERCENT, null);
		assertThat(verdict.outcome()).isEqualTo(Outcome.FLAT);
		assertThat(verdict.first()).isEqualTo((300.0 + 312 + 296) / 3);
		assertThat(verdict.last()).isEqualTo((310.0 + 302 + 307) / 3);
	}

	@Test
	void aSteadyClimbGrows() {
		// +2 % a sample: the last third is ~14 % above the first
		List<Double> climbing = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			climbing.add(300 * (1 + 0.02 * i));
		}
		Verdict verdict = Flatness.judge("location-service RSS", "MiB", climbing, TEN_PERCENT, null);
		assertThat(verdict.outcome()).isEqualTo(Outcome.GREW);
		assertThat(verdict.grew()).isTrue();
		assertThat(verdict.allowed()).isCloseTo(0.10 * verdict.first(), org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void aSlowClimbInsideTheToleranceIsFlat() {
		List<Double> climbing = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			climbing.add(300 * (1 + 0.005 * i));
		}
		assertThat(Flatness.judge("push-service RSS", "MiB", climbing, TEN_PERCENT, null).outcome())
			.isEqualTo(Outcome.FLAT);
	}

	@Test
	void aSawtoothIsFlatButOneThatRisesIsNot() {
		List<Double> sawtooth = List.of(40.0, 80.0, 120.0, 40.0, 80.0, 120.0, 40.0, 80.0, 120.0);
		assertThat(Flatness.judge("heap", "MiB", sawtooth, new Tolerance(0.15, 0), null).outcome())
			.isEqualTo(Outcome.FLAT);
		List<Double> rising = List.of(40.0, 80.0, 120.0, 60.0, 100.0, 140.0, 80.0, 120.0, 160.0);
		assertThat(Flatness.judge("heap", "MiB", rising, new Tolerance(0.15, 0), null).outcome())
			.isEqualTo(Outcome.GREW);
	}

	@Test
	void fallingIsFlat() {
		assertThat(Flatness
			.judge("database pool", "connections", List.of(10.0, 10.0, 6.0, 4.0, 2.0, 2.0), Soak.COUNT, null)
			.outcome()).isEqualTo(Outcome.FLAT);
	}

	@Test
	void smallCountsHaveAnAbsoluteFloor() {
		// 8 -> 12 connections is +50 % but within +5
		assertThat(Flatness
			.judge("PostgreSQL connections", "connections", List.of(8.0, 8.0, 10.0, 12.0, 12.0, 12.0), Soak.COUNT, null)
			.outcome()).isEqualTo(Outcome.FLAT);
		Verdict leaking = Flatness.judge("PostgreSQL connections", "connections",
				List.of(8.0, 8.0, 11.0, 14.0, 17.0, 20.0), Soak.COUNT, null);
		assertThat(leaking.outcome()).isEqualTo(Outcome.GREW);
		assertThat(leaking.allowed()).isEqualTo(5.0);
		// a large count is judged by the share: 400 -> 430 threads is +7.5 %
		assertThat(Flatness
			.judge("threads", "threads", List.of(400.0, 400.0, 430.0, 430.0, 430.0, 430.0), Soak.COUNT, null)
			.outcome()).isEqualTo(Outcome.FLAT);
		assertThat(Flatness
			.judge("threads", "threads", List.of(400.0, 400.0, 430.0, 450.0, 450.0, 450.0), Soak.COUNT, null)
			.outcome()).isEqualTo(Outcome.GREW);
	}

	@Test
	void unreadableSamplesAreLeftOutOfTheirThird() {
		Verdict verdict = Flatness.judge("gateway threads", "threads",
				List.of(Double.NaN, 40.0, 40.0, 41.0, 42.0, 60.0), Soak.COUNT, null);
		assertThat(verdict.first()).isEqualTo(40.0);
		assertThat(verdict.last()).isEqualTo(51.0);
		assertThat(verdict.outcome()).isEqualTo(Outcome.GREW);
		Verdict gone = Flatness.judge("gateway threads", "threads",
				List.of(40.0, 40.0, 40.0, 40.0, Double.NaN, Double.NaN), Soak.COUNT, null);
		assertThat(gone.outcome()).isEqualTo(Outcome.NOT_JUDGED);
	}

	@Test
	void tooFewSamplesOrAReasonAreNotJudged() {
		assertThat(Flatness.judge("RSS", "MiB", List.of(100.0, 500.0), TEN_PERCENT, null).outcome())
			.isEqualTo(Outcome.NOT_JUDGED);
		Verdict stale = Flatness.judge("heap after GC", "MiB", List.of(30.0, 30.0, 30.0, 90.0, 90.0, 90.0), TEN_PERCENT,
				"no major GC during the soak");
		assertThat(stale.outcome()).isEqualTo(Outcome.NOT_JUDGED);
		assertThat(stale.grew()).isFalse();
	}

	@Test
	void theSoakFailsOnAGrowingSeriesAnErrorABadWaveOrTooFewSamples() {
		Verdict flat = Flatness.judge("a", "MiB", List.of(1.0, 1.0, 1.0), TEN_PERCENT, null);
		Verdict grew = Flatness.judge("gateway open files", "fds", List.of(100.0, 200.0, 300.0), Soak.COUNT, null);
		Soak.WaveCounts clean = new Soak.WaveCounts(10, 0, 200, 200, 0, 0, 0);
		assertThat(Soak.failures(7, List.of(flat), 0, clean)).isEmpty();
		assertThat(Soak.failures(7, List.of(flat, grew), 0, clean)).singleElement()
			.asString()
			.startsWith("gateway open files grew 100 -> 300 fds");
		assertThat(Soak.failures(7, List.of(flat), 3, clean)).containsExactly("3 errors");
		assertThat(Soak.failures(7, List.of(flat), 0, new Soak.WaveCounts(10, 0, 200, 199, 1, 0, 0))).singleElement()
			.asString()
			.contains("1 lost");
		assertThat(Soak.failures(2, List.of(flat), 0, clean)).singleElement().asString().startsWith("too short");
	}

	@Test
	void theSoakJudgesEverySeriesOfEveryService() {
		List<Soak.Sample> samples = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			// the gateway leaks descriptors: +40 a sample; a major GC happens each sample
			StackProbe.Service gateway = new StackProbe.Service(300, 150, 40, i, 60, 500 + 40 * i, Double.NaN);
			StackProbe.Service location = new StackProbe.Service(280, 120, 35, 3, 50, 120, 10);
			samples.add(new Soak.Sample(30 * i, null,
					new StackProbe.Snapshot(Map.of("gateway", gateway, "location-service", location), 25, 30, 400)));
		}
		List<Verdict> verdicts = Soak.verdicts(samples);
		assertThat(verdicts).filteredOn(Verdict::grew)
			.extracting(Verdict::series)
			.containsExactly("gateway open files");
		// no pool in the gateway: no series for it
		assertThat(verdicts).extracting(Verdict::series)
			.doesNotContain("gateway database pool")
			.contains("location-service database pool", "PostgreSQL connections (stack's database)",
					"Redis clients (stack's index)");
		// location-service had no major GC during the soak: its heap after GC is stale
		assertThat(verdicts).filteredOn((v) -> v.series().equals("location-service heap after GC"))
			.singleElement()
			.extracting(Verdict::outcome)
			.isEqualTo(Outcome.NOT_JUDGED);
		assertThat(verdicts).filteredOn((v) -> v.series().equals("gateway heap after GC"))
			.singleElement()
			.extracting(Verdict::outcome)
			.isEqualTo(Outcome.FLAT);
	}

	@Test
	void theStartSampleIsAReferenceNotJudged() {
		// one-time growth when the soak's own mix first runs (start -> 0:30), flat after
		List<Soak.Sample> samples = new ArrayList<>();
		double[] fds = { 32, 54, 55, 55, 55, 55, 55 };
		for (int i = 0; i < fds.length; i++) {
			StackProbe.Service push = new StackProbe.Service(280, 35, 40, i, 40, fds[i], 6);
			Soak.Interval interval = (i == 0) ? null
					: new Soak.Interval(150, 150, 0, 0, 20, 40, Soak.WaveCounts.NONE, 200, Map.of());
			samples.add(new Soak.Sample(30 * i, interval,
					new StackProbe.Snapshot(Map.of("push-service", push), 25, 30, 400)));
		}
		assertThat(Soak.judged(samples)).hasSize(6).first().extracting(Soak.Sample::seconds).isEqualTo(30.0);
		assertThat(Soak.verdicts(samples)).noneMatch(Verdict::grew);
		// the same figures with the start sample judged too: the step reads as growth
		List<Soak.Sample> startJudged = new ArrayList<>(samples);
		startJudged.add(0, new Soak.Sample(-30, null, samples.get(0).stack()));
		assertThat(Soak.verdicts(startJudged)).filteredOn(Verdict::grew)
			.extracting(Verdict::series)
			.containsExactly("push-service open files");
	}

	@Test
	void heapAfterGcCountsOnlyAfterAMajorGcOfTheSoak() {
		// the start's figure is from a GC before the subscribers connected; the first one
		// of the soak finds more live data: stale, not judged
		double[] gcs = { 1, 1, 1, 1, 1, 2, 2 };
		double[] live = { 41, 41, 41, 41, 41, 51, 51 };
		assertThat(heapAfterGc(gcs, live).outcome()).isEqualTo(Outcome.NOT_JUDGED);
		// major GCs all along: a level figure is flat, a climbing one grew
		double[] often = { 1, 2, 3, 4, 5, 6, 7 };
		assertThat(heapAfterGc(often, new double[] { 41, 50, 49, 51, 50, 52, 50 }).outcome()).isEqualTo(Outcome.FLAT);
		assertThat(heapAfterGc(often, new double[] { 41, 50, 55, 60, 65, 70, 75 }).outcome()).isEqualTo(Outcome.GREW);
		assertThat(heapAfterGc(new double[] { 3, 3, 3, 3, 3, 3, 3 }, live).reason())
			.isEqualTo("no major GC during the soak");
	}

	private static Verdict heapAfterGc(double[] majorGcs, double[] liveMiB) {
		List<Soak.Sample> samples = new ArrayList<>();
		for (int i = 0; i < majorGcs.length; i++) {
			StackProbe.Service gateway = new StackProbe.Service(300, 150, liveMiB[i], majorGcs[i], 21, 570, Double.NaN);
			Soak.Interval interval = (i == 0) ? null
					: new Soak.Interval(150, 150, 0, 0, 20, 40, Soak.WaveCounts.NONE, 200, Map.of());
			samples
				.add(new Soak.Sample(30 * i, interval, new StackProbe.Snapshot(Map.of("gateway", gateway), 25, 8, 9)));
		}
		return Soak.verdicts(samples)
			.stream()
			.filter((v) -> v.series().equals("gateway heap after GC"))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void heapAfterGcIsNotJudgedWhenTheFirstMajorGcCameLate() {
		List<Soak.Sample> samples = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			// first major GC between the 4th and 5th sample
			StackProbe.Service gateway = new StackProbe.Service(300, 150, (i < 4) ? Double.NaN : 40, (i < 4) ? 0 : 1,
					60, 500, Double.NaN);
			samples
				.add(new Soak.Sample(30 * i, null, new StackProbe.Snapshot(Map.of("gateway", gateway), 25, 30, 400)));
		}
		assertThat(Soak.verdicts(samples)).filteredOn((v) -> v.series().equals("gateway heap after GC"))
			.singleElement()
			.satisfies((v) -> {
				assertThat(v.outcome()).isEqualTo(Outcome.NOT_JUDGED);
				assertThat(v.reason()).startsWith("first major GC of the soak after its first third");
			});
	}

	@Test
	void theSoaksErrorsAreTheIncreaseOverTheRunsBefore() {
		Map<String, Long> before = Map.of("gateway GET nearby | 503 A", 265L, "gateway WS stream | closed by server",
				1L);
		Map<String, Long> after = Map.of("gateway GET nearby | 503 A", 266L, "gateway WS stream | closed by server", 1L,
				"gateway POST update | TimeoutException", 1L);
		assertThat(Soak.increase(before, after)).containsExactly(Map.entry("gateway GET nearby | 503 A", 1L),
				Map.entry("gateway POST update | TimeoutException", 1L));
		assertThat(Soak.increase(after, after)).isEmpty();
	}

	@Test
	void prometheusFiguresAreSummedOverTheirSeries() {
		String exposition = """
				# HELP jvm_memory_used_bytes The amount of used memory
				# TYPE jvm_memory_used_bytes gauge
				jvm_memory_used_bytes{area="heap",id="Eden Space"} 1048576.0
				jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 2097152.0
				jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
				jvm_gc_live_data_size_bytes 3145728.0
				jvm_gc_pause_seconds_count{action="end of major GC",cause="Allocation Failure",gc="MarkSweepCompact"} 2
				jvm_gc_pause_seconds_count{action="end of minor GC",cause="Allocation Failure",gc="Copy"} 40
				jvm_threads_live_threads 57.0
				hikaricp_connections{pool="location-service"} 4.0
				""";
		Map<String, Double> figures = StackProbe.parse(exposition);
		assertThat(figures).containsEntry("heapUsed", 3145728.0)
			.containsEntry("liveData", 3145728.0)
			.containsEntry("majorGcs", 2.0)
			.containsEntry("threads", 57.0)
			.containsEntry("pool", 4.0);
		assertThat(StackProbe.parse("jvm_threads_live_threads 12.0\n")).containsEntry("majorGcs", 0.0)
			.doesNotContainKey("pool");
		// before the first major GC Micrometer says 0: no figure yet
		assertThat(StackProbe.parse("jvm_gc_live_data_size_bytes 0.0\njvm_threads_live_threads 12.0\n"))
			.doesNotContainKey("liveData");
	}

	@Test
	void redisClientsAreCountedOnTheStacksIndexOnly() {
		String clients = """
				id=3 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name= age=9 idle=0 flags=N db=7 sub=0 cmd=xreadgroup
				id=4 addr=127.0.0.1:5001 laddr=127.0.0.1:6379 fd=9 name= age=9 idle=0 flags=N db=7 sub=0 cmd=evalsha
				id=5 addr=127.0.0.1:5002 laddr=127.0.0.1:6379 fd=10 name= age=9 idle=0 flags=N db=17 sub=0 cmd=get
				id=6 addr=127.0.0.1:5003 laddr=127.0.0.1:6379 fd=11 name= age=9 idle=0 flags=N db=7 sub=0 cmd=client|list
				""";
		assertThat(StackProbe.clientsOn(clients, 7, 6)).isEqualTo(2);
		assertThat(StackProbe.clientsOn(clients, 17, 6)).isEqualTo(1);
	}

}
