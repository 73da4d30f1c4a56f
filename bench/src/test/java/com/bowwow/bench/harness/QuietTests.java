package com.bowwow.bench.harness;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuietTests {

	@Test
	void itTakesTwoQuietSecondsInARow() {
		Iterator<Double> busy = List.of(0.9, 0.1, 0.8, 0.2, 0.1, 0.9).iterator();
		assertThat(Quiet.await(busy::next, Duration.ofSeconds(10))).isEqualTo(5);
	}

	@Test
	void aMachineThatStaysBusyIsGivenUpOnAfterTheLimit() {
		int[] asked = { 0 };
		assertThat(Quiet.await(() -> {
			asked[0]++;
			return 0.6;
		}, Duration.ofSeconds(7))).isEqualTo(-1);
		assertThat(asked[0]).isEqualTo(7);
	}

}
