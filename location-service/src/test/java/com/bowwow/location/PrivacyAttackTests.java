package com.bowwow.location;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.settings.UserEventHandler;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.array;
import static com.bowwow.location.HttpTestSupport.get;
import static com.bowwow.location.HttpTestSupport.postUpdate;
import static com.bowwow.location.HttpTestSupport.updateBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stalker's best effort against the privacy rule. For each victim at a random spot on
 * the globe, several attacker accounts walk around them (POSTing their own positions),
 * query nearby from every spot and watch the stream, then trilaterate the victim by least
 * squares on every distance they were shown. The estimate lands on the victim's cell
 * centre and never closer to the victim than that centre is; over many victims the median
 * error stays far above 100 m.
 */
class PrivacyAttackTests extends LocationIntegrationTest {

	private static final int VICTIMS = 50;

	private static final int ATTACKERS = 3;

	private static final int SPOTS_PER_ATTACKER = 5;

	/** Victims whose attackers also watch the stream (3 subscribes each: the burst). */
	private static final int STREAMED_VICTIMS = 10;

	/** The stream and nearby show two decimals of a kilometre. */
	private static final double ROUNDING_METERS = 5;

	@Autowired
	private UserEventHandler userEvents;

	@Test
	void trilaterationNeverBeatsTheVictimsCellCentre() throws Exception {
		Random random = new Random(20261204);
		List<Double> errors = new ArrayList<>();
		for (int v = 0; v < VICTIMS; v++) {
			UserId victim = UserId.random();
			Coordinates truth = Coordinates.of(-60 + random.nextDouble() * 120, -170 + random.nextDouble() * 340);
			Coordinates cell = PrivacyGrid.snap(truth);
			report(victim, truth.latitude(), truth.longitude());
			List<Measurement> measurements = new ArrayList<>();
			for (int a = 0; a < ATTACKERS; a++) {
				UserId attacker = attacker();
				for (int s = 0; s < SPOTS_PER_ATTACKER; s++) {
					Coordinates spot = around(truth, random);
					claim(attacker, spot);
					Map<String, Object> seen = nearbyEntry(attacker, victim);
					measurements.add(new Measurement(spot, kilometers(seen) * 1000));
					// Direction too is the cell's, from the attacker's spot.
					assertThat(seen.get("direction")).isEqualTo(PrivacyGrid.shownDirection(spot, truth).name());
				}
			}
			if (v < STREAMED_VICTIMS) {
				measurements.addAll(watch(victim, truth, random));
			}
			for (Measurement m : measurements) {
				// Everything shown is a function of the cell alone.
				assertThat(Math.abs(m.meters() - GreatCircle.distanceMeters(m.from(), cell)))
					.isLessThanOrEqualTo(ROUNDING_METERS + 0.01);
			}
			Coordinates estimate = leastSquares(measurements);
			double error = GreatCircle.distanceMeters(estimate, truth);
			double cellError = GreatCircle.distanceMeters(cell, truth);
			assertThat(GreatCircle.distanceMeters(estimate, cell)).as("victim %d lands on its cell centre", v)
				.isLessThan(8);
			assertThat(error).as("victim %d: never better than the cell centre", v).isGreaterThan(cellError - 8);
			errors.add(error);
			this.clock.advance(Duration.ofSeconds(1));
		}
		errors.sort(Double::compare);
		double median = (errors.get(VICTIMS / 2 - 1) + errors.get(VICTIMS / 2)) / 2;
		assertThat(median).as("median error over %d victims", VICTIMS).isGreaterThanOrEqualTo(100);
	}

	@Test
	void movingInsideTheCellChangesNothingAnAttackerSees() throws Exception {
		Coordinates cell = PrivacyGrid.snap(Coordinates.of(52.52, 13.405));
		UserId victim = UserId.random();
		UserId attacker = attacker();
		claim(attacker, Coordinates.of(52.53, 13.41));
		report(victim, cell.latitude() + 0.0015, cell.longitude() - 0.002);
		Map<String, Object> first = nearbyEntry(attacker, victim);
		this.clock.advance(Duration.ofSeconds(1));
		report(victim, cell.latitude() - 0.0015, cell.longitude() + 0.002);
		assertThat(PrivacyGrid.snap(Coordinates.of(cell.latitude() - 0.0015, cell.longitude() + 0.002)))
			.isEqualTo(cell);
		Map<String, Object> second = nearbyEntry(attacker, victim);
		assertThat(second.get("distance")).isEqualTo(first.get("distance"));
		assertThat(second.get("direction")).isEqualTo(first.get("direction"));
	}

	/** A fresh attacker account reading kilometres. */
	private UserId attacker() {
		UserId attacker = UserId.random();
		this.userEvents.settingsChanged("e-" + attacker, attacker, DistanceUnit.KILOMETER, false, this.clock.instant());
		return attacker;
	}

	/**
	 * The attacker reports a position through the public API (timestamps in whole
	 * seconds).
	 */
	private void claim(UserId attacker, Coordinates spot) throws Exception {
		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> response = postUpdate(this.port, attacker,
				updateBody(attacker, spot.latitude(), spot.longitude(), Rfc3339.format(this.clock.instant())));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private Map<String, Object> nearbyEntry(UserId attacker, UserId victim) throws Exception {
		HttpResponse<String> response = get(this.port, attacker,
				"/api/v1/locations/nearby/" + attacker + "?distance=16&limit=500");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return array(response).stream()
			.filter((entry) -> victim.toString().equals(entry.get("userID")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("victim not listed: " + response.body()));
	}

	/**
	 * An attacker subscribes from three spots (each subscribe is their position update)
	 * and notes the distance of each move of the victim.
	 */
	private List<Measurement> watch(UserId victim, Coordinates truth, Random random) throws Exception {
		UserId attacker = attacker();
		List<Measurement> measurements = new ArrayList<>();
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(attacker))) {
			for (int s = 0; s < 3; s++) {
				Coordinates spot = around(truth, random);
				this.clock.advance(Duration.ofSeconds(1));
				client.send("{\"type\":\"subscribe\",\"latitude\":%s,\"longitude\":%s,\"radius\":16}"
					.formatted(spot.latitude(), spot.longitude()));
				Map<String, Object> confirmed = client.next("subscription_confirmed");
				assertThat(((Number) confirmed.get("latitude")).doubleValue()).isEqualTo(spot.latitude());
				report(victim, truth.latitude(), truth.longitude());
				Map<String, Object> update = client.next("location_update", victim);
				measurements.add(new Measurement(spot, kilometers(update) * 1000));
			}
		}
		return measurements;
	}

	/** A spot 300 m to 3 km from the point in a random direction. */
	private static Coordinates around(Coordinates point, Random random) {
		double meters = 300 + random.nextDouble() * 2700;
		double bearing = random.nextDouble() * 2 * Math.PI;
		double north = meters * Math.cos(bearing) / 111_195.0;
		double east = meters * Math.sin(bearing) / (111_195.0 * Math.cos(Math.toRadians(point.latitude())));
		return Coordinates.of(point.latitude() + north, point.longitude() + east);
	}

	private static double kilometers(Map<String, Object> entry) {
		assertThat(entry).containsEntry("unit", "kilometer");
		return ((Number) entry.get("distance")).doubleValue();
	}

	/**
	 * Gauss-Newton on great-circle distances: the point whose distances to the attackers'
	 * spots best match what they were shown.
	 */
	static Coordinates leastSquares(List<Measurement> measurements) {
		double latitude = measurements.stream().mapToDouble((m) -> m.from().latitude()).average().orElseThrow();
		double longitude = measurements.stream().mapToDouble((m) -> m.from().longitude()).average().orElseThrow();
		double step = 1e-6;
		for (int iteration = 0; iteration < 50; iteration++) {
			double a11 = 0;
			double a12 = 0;
			double a22 = 0;
			double b1 = 0;
			double b2 = 0;
			Coordinates here = Coordinates.of(latitude, longitude);
			Coordinates north = Coordinates.of(latitude + step, longitude);
			Coordinates east = Coordinates.of(latitude, longitude + step);
			for (Measurement m : measurements) {
				double d = GreatCircle.distanceMeters(here, m.from());
				double r = d - m.meters();
				double j1 = (GreatCircle.distanceMeters(north, m.from()) - d) / step;
				double j2 = (GreatCircle.distanceMeters(east, m.from()) - d) / step;
				a11 += j1 * j1;
				a12 += j1 * j2;
				a22 += j2 * j2;
				b1 += j1 * r;
				b2 += j2 * r;
			}
			double determinant = a11 * a22 - a12 * a12;
			double dLatitude = -(a22 * b1 - a12 * b2) / determinant;
			double dLongitude = -(a11 * b2 - a12 * b1) / determinant;
			latitude += dLatitude;
			longitude += dLongitude;
			if (Math.abs(dLatitude) < 1e-10 && Math.abs(dLongitude) < 1e-10) {
				break;
			}
		}
		return Coordinates.of(latitude, longitude);
	}

	/** A distance shown to an attacker standing at a spot. */
	record Measurement(Coordinates from, double meters) {

	}

}
