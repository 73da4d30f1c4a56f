package com.bowwow.bench.workload;

import java.util.List;

import com.bowwow.bench.load.ErrorLog;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.PrivacyGrid;
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

	@Test
	void aMoveThatRacedTheSubscribersOwnMoveAcrossItIsNotJudged() {
		try (Streams streams = twoSubscribers()) {
			// The subscriber walks to where the mover goes while the mover's update is
			// under way: either order at the service is right.
			streams.expectMove(SUBSCRIBER, FAR, 1_000).answered(5_000);
			Streams.Move move = streams.expectMove(MOVER, FAR, 2_000);
			move.answered(3_000);
			assertThat(move.expectedCount()).isOne();

			// Each of the two raced the other: the mover's circle followed it to the same
			// place.
			assertThat(streams.settle(0)).isEqualTo(2);
			assertThat(move.expectedCount()).isZero();
			assertThat(move.lost()).isZero();
		}
	}

	@Test
	void aMoveAfterTheSubscribersOwnMoveWasAnsweredIsStillJudged() {
		try (Streams streams = twoSubscribers()) {
			streams.expectMove(SUBSCRIBER, FAR, 1_000).answered(2_000);
			Streams.Move move = streams.expectMove(MOVER, FAR, 600_000);
			move.answered(700_000);

			assertThat(streams.settle(250_000)).isZero();
			assertThat(move.expectedCount()).isOne();
			assertThat(move.lost()).as("nobody read it").isOne();
		}
	}

	@Test
	void aSubscribersOwnMoveThatDoesNotCrossTheMoveLeavesItJudged() {
		try (Streams streams = twoSubscribers()) {
			// Both centres of the subscriber are far from where the mover goes, and
			// the other way round.
			streams.expectMove(SUBSCRIBER, Metro.offset(TOWN, -50_000, 0), 1_000).answered(5_000);
			Streams.Move move = streams.expectMove(MOVER, FAR, 2_000);
			move.answered(3_000);

			assertThat(streams.settle(0)).isZero();
			assertThat(move.expectedCount()).isZero();
		}
	}

	private static final int SUBSCRIBER = 0;

	private static final int MOVER = 1;

	/** A cell centre fifty kilometres from the town: outside every circle in it. */
	private static final Coordinates FAR = PrivacyGrid.snap(Metro.offset(TOWN, 50_000, 0));

	private static Streams twoSubscribers() {
		Streams streams = new Streams(List.of("http://localhost:1"), Population.inTown(TOWN, 2, 1), 0.25,
				new ErrorLog(), "test");
		streams.confirmed(SUBSCRIBER);
		streams.confirmed(MOVER);
		return streams;
	}

}
