package com.bowwow.bench.workload;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WavesTests {

	@Test
	void lateReceiversAreToldApartByWhetherTheFrontReachedThemBeforeTheSendWasAnswered() {
		// errors 10, 60, 80, 200 ms; due 5, 40, 300, 900 ms after the send; answered in
		// 100 ms
		Waves.Outcome outcome = new Waves.Outcome("w", "s", 1_000, 4, 4, 0, 0, 0, true,
				new long[] { 10_000, 60_000, 80_000, 200_000 }, new long[] { 5_000, 40_000, 300_000, 900_000 }, 100);
		assertThat(outcome.lateAndNearOrigin(50)).containsExactly(3, 1);
		assertThat(outcome.lateAndNearOrigin(100)).containsExactly(1, 0);
	}

}
