package com.bowwow.signal.propagation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Wave.Candidate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WaveTests {

	private static final Coordinates ORIGIN = Coordinates.of(37.7880, -122.4075);

	private static final Instant SENT = Instant.parse("2026-11-26T12:00:00Z");

	private final UserId sender = UserId.random();

	private final Wave wave = new Wave(UUID.randomUUID(), this.sender, SignalKind.SIGNAL, null, ORIGIN, SENT,
			SENT.plusSeconds(600), 3 * 1609.344, DistanceUnit.MILE, 1609.344);

	@Test
	void arrivalIsDueWhenTheWavefrontReachesTheReceiver() {
		// 0.01° of latitude north is 1,111.95 m: 0.6909 mi, so 690.9 ms at 1 mi/s
		UserId north = UserId.random();
		List<Arrival> arrivals = this.wave
			.plan(List.of(new Candidate(north, Coordinates.of(ORIGIN.latitude() + 0.01, ORIGIN.longitude()))));
		assertThat(arrivals).hasSize(1);
		Arrival arrival = arrivals.get(0);
		assertThat(arrival.receiverId()).isEqualTo(north);
		assertThat(arrival.distanceMeters()).isCloseTo(1111.95, within(0.1));
		assertThat(Duration.between(SENT, arrival.dueAt()).toNanos() / 1e6).isCloseTo(690.9, within(0.1));
		// the receiver is north of the origin, so the signal comes from the south
		assertThat(arrival.direction()).isEqualTo(CompassDirection.S);
	}

	@Test
	void senderAndPeopleOutOfReachAreNotPlanned() {
		UserId near = UserId.random();
		List<Arrival> arrivals = this.wave.plan(List.of(new Candidate(this.sender, ORIGIN),
				new Candidate(near, Coordinates.of(ORIGIN.latitude(), ORIGIN.longitude() + 0.02)),
				new Candidate(UserId.random(), Coordinates.of(ORIGIN.latitude() + 0.05, ORIGIN.longitude()))));
		assertThat(arrivals).extracting(Arrival::receiverId).containsExactly(near);
		assertThat(arrivals.get(0).direction()).isEqualTo(CompassDirection.W);
	}

	@Test
	void arrivalsComeNearestFirst() {
		List<Arrival> arrivals = this.wave
			.plan(List.of(new Candidate(UserId.random(), Coordinates.of(ORIGIN.latitude() + 0.02, ORIGIN.longitude())),
					new Candidate(UserId.random(), Coordinates.of(ORIGIN.latitude() + 0.001, ORIGIN.longitude())),
					new Candidate(UserId.random(), Coordinates.of(ORIGIN.latitude() + 0.01, ORIGIN.longitude()))));
		assertThat(arrivals).extracting(Arrival::distanceMeters).isSorted();
	}

	@Test
	void aReceiverIsPlannedByTheirCellCentreAndArrivesAtTheirTruePosition() {
		Coordinates centre = PrivacyGrid.snap(ORIGIN);
		Wave fromCentre = new Wave(UUID.randomUUID(), this.sender, SignalKind.SIGNAL, null, centre, SENT,
				SENT.plusSeconds(600), 1609.344, DistanceUnit.MILE, 1609.344);
		// Around the edge of the reach, true positions and cell centres fall on either
		// side of it.
		Coordinates inReachOutOfCell = null;
		Coordinates outOfReachInCell = null;
		for (int bearing = 0; bearing < 360; bearing += 5) {
			for (double meters = 1300; meters < 1900; meters += 5) {
				double degrees = meters / 111_195.0;
				Coordinates point = Coordinates.of(centre.latitude() + degrees * Math.cos(Math.toRadians(bearing)),
						centre.longitude() + degrees * Math.sin(Math.toRadians(bearing))
								/ Math.cos(Math.toRadians(centre.latitude())));
				double trueMeters = GreatCircle.distanceMeters(centre, point);
				double cellMeters = GreatCircle.distanceMeters(centre, PrivacyGrid.snap(point));
				if (inReachOutOfCell == null && trueMeters < 1600 && cellMeters > 1620) {
					inReachOutOfCell = point;
				}
				if (outOfReachInCell == null && trueMeters > 1620 && cellMeters < 1600) {
					outOfReachInCell = point;
				}
			}
		}
		assertThat(inReachOutOfCell).isNotNull();
		assertThat(outOfReachInCell).isNotNull();
		UserId reached = UserId.random();

		List<Arrival> arrivals = fromCentre
			.plan(List.of(new Candidate(UserId.random(), inReachOutOfCell), new Candidate(reached, outOfReachInCell)));

		assertThat(arrivals).extracting(Arrival::receiverId).containsExactly(reached);
		Arrival arrival = arrivals.get(0);
		double trueMeters = GreatCircle.distanceMeters(centre, outOfReachInCell);
		assertThat(arrival.distanceMeters()).isCloseTo(trueMeters, within(0.001));
		assertThat(Duration.between(SENT, arrival.dueAt()).toNanos() / 1e9).isCloseTo(trueMeters / 1609.344,
				within(1e-6));
		assertThat(arrival.direction()).isEqualTo(outOfReachInCell.directionTo(centre));
		assertThat(arrival.cellDistanceMeters())
			.isCloseTo(GreatCircle.distanceMeters(centre, PrivacyGrid.snap(outOfReachInCell)), within(0.001))
			.isLessThanOrEqualTo(1609.344);
		assertThat(arrival.cellDirection()).isEqualTo(centre.directionTo(PrivacyGrid.snap(outOfReachInCell)));
		assertThat(arrival.senderId()).isEqualTo(this.sender);
		assertThat(fromCentre.frontDone()).isEqualTo(fromCentre.dueAfter(1609.344 + Wave.CELL_MARGIN_METERS));
	}

}
