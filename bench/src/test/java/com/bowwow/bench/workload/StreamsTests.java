package com.bowwow.bench.workload;

import java.util.List;

import com.bowwow.bench.load.ErrorLog;
import com.bowwow.common.geo.Coordinates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamsTests {

	private static final Coordinates TOWN = Coordinates.of(39.95, -75.16);

	@Test
	void aWarmUpsMovesAreForgottenSoOnlyTheMeasuredOnesAreJudged() {
		try (Streams streams = new Streams(List.of("http://localhost:1"), Population.inTown(TOWN, 3, 1), 0.25,
				new ErrorLog(), "test")) {
			streams.expectMove(0, TOWN, 0);
			streams.expectMove(1, TOWN, 0);
			assertThat(streams.movesMade()).hasSize(2);

			streams.forgetMoves();
			assertThat(streams.movesMade()).isEmpty();
			assertThat(streams.fanoutLatency().count()).isZero();

			streams.expectMove(2, TOWN, 0);
			assertThat(streams.movesMade()).hasSize(1);
		}
	}

}
