package com.bowwow.bench.harness;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackProbeTests {

	private static final String EXPOSITION = """
			# HELP bowwow_signal_send_stage_seconds Time a send spends in each stage
			# TYPE bowwow_signal_send_stage_seconds histogram
			bowwow_signal_send_stage_seconds_bucket{application="signal-service",stage="audience",le="0.001"} 0
			bowwow_signal_send_stage_seconds_count{application="signal-service",stage="audience"} 2
			bowwow_signal_send_stage_seconds_sum{application="signal-service",stage="audience"} 0.25
			bowwow_signal_send_stage_seconds_sum{application="signal-service",stage="store"} 0.125
			bowwow_signal_send_stage_seconds_sum{application="signal-service",stage="whole"} 0.5
			bowwow_signal_send_stage_seconds_max{application="signal-service",stage="whole"} 0.4
			""";

	@Test
	void sumsOneMetricByOneLabelAndIgnoresItsOtherSeries() {
		assertThat(StackProbe.sumsByLabel(EXPOSITION, "bowwow_signal_send_stage_seconds_sum", "stage"))
			.containsExactly(Map.entry("audience", 0.25), Map.entry("store", 0.125), Map.entry("whole", 0.5));
	}

	@Test
	void aSendsStagesAreTheDifferenceAroundIt() {
		Map<String, Double> before = StackProbe.sumsByLabel(EXPOSITION, "bowwow_signal_send_stage_seconds_sum",
				"stage");
		Map<String, Double> after = Map.of("audience", 0.375, "store", 0.125, "whole", 0.75);
		assertThat(BenchMain.sendStages(before, after)).contains("audience 125 ms", "store 0 ms", "whole 250 ms");
		assertThat(BenchMain.sendStages(before, Map.of())).isEqualTo("stages not readable");
	}

}
