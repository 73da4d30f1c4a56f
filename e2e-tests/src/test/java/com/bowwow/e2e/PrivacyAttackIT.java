package com.bowwow.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.e2e.GatewayClient.Account;
import com.bowwow.e2e.GatewayClient.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stalker's attack, through the gateway only: a victim stands at a random spot; an
 * attacker with several accounts moves them around the victim (each move a real location
 * report), reads the victim's distance and direction from nearby at every stop and from
 * the live stream while the victim shuffles, then fits the victim's position by least
 * squares on every distance (the best an attacker can do with circles of known centre and
 * radius; directions only seed the fit). Over many victims the median error must stay at
 * or above 100 m: what the service shows is computed from a fixed cell centre, so more
 * queries cannot average the error away.
 */
@ExtendWith(StackExtension.class)
class PrivacyAttackIT {

	private static final int VICTIMS = 40;

	private static final int ATTACKERS = 3;

	private static final int STOPS_PER_ATTACKER = 4;

	/** Victims whose attacker also watches the stream (costlier: one WebSocket each). */
	private static final int STREAM_VICTIMS = 10;

	private static final double METERS_PER_DEGREE = 111_195.0;

	private static final double METERS_PER_MILE = 1_609.344;

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	@Test
	void trilaterationCannotLocateTheMedianUserWithin100Metres() throws Exception {
		SplittableRandom random = new SplittableRandom(20261204);
		List<Double> errors = new ArrayList<>();
		List<Double> cellErrors = new ArrayList<>();
		for (int v = 0; v < VICTIMS; v++) {
			// Victims far apart (one per ~10 km box around Seoul) so each attacker's
			// lists stay short; the attacker knows who they are after.
			Coordinates victimAt = Coordinates.of(37.30 + (v / 8) * 0.1 + random.nextDouble(0, 0.05),
					126.70 + (v % 8) * 0.1 + random.nextDouble(0, 0.05));
			Account victim = this.client.register("mile");
			this.client.moveTo(victim, victimAt.latitude(), victimAt.longitude());

			List<Measurement> measurements = new ArrayList<>();
			for (int a = 0; a < ATTACKERS; a++) {
				Account attacker = this.client.register("mile");
				for (int s = 0; s < STOPS_PER_ATTACKER; s++) {
					Coordinates stop = around(victimAt, random.nextDouble(250, 3000), random.nextDouble(0, 360));
					this.client.moveTo(attacker, stop.latitude(), stop.longitude());
					this.client.nearby(attacker)
						.stream()
						.filter((entry) -> victim.userId().equals(entry.get("userID")))
						.findFirst()
						.ifPresent((entry) -> measurements.add(Measurement.of(stop, entry)));
				}
			}
			if (v < STREAM_VICTIMS) {
				measurements.addAll(watchTheStream(victim, victimAt, random));
			}
			assertThat(measurements).as("the attacker saw victim %d at all", v).isNotEmpty();
			Coordinates estimate = leastSquares(measurements);
			double error = GreatCircle.distanceMeters(estimate, victimAt);
			errors.add(error);
			cellErrors.add(GreatCircle.distanceMeters(victimAt, com.bowwow.common.geo.PrivacyGrid.snap(victimAt)));
		}
		double median = percentile(errors, 50);
		double tenth = percentile(errors, 10);
		System.out.printf(
				"[privacy] trilateration over %d victims (%d accounts x %d stops each, stream for %d): "
						+ "median error %.0f m, 10th percentile %.0f m, min %.0f m, max %.0f m; "
						+ "distance of the victims to their cell centres: median %.0f m%n",
				VICTIMS, ATTACKERS, STOPS_PER_ATTACKER, STREAM_VICTIMS, median, tenth, percentile(errors, 0),
				percentile(errors, 100), percentile(cellErrors, 50));
		assertThat(median).as("median localisation error in metres").isGreaterThanOrEqualTo(100);
	}

	/**
	 * The attacker subscribes from a stop of their own choosing (the coordinates count as
	 * their own location report) and reads the victim's distance from each
	 * {@code location_update} as the victim shuffles by a metre or so.
	 */
	private List<Measurement> watchTheStream(Account victim, Coordinates victimAt, SplittableRandom random)
			throws Exception {
		Account watcher = this.client.register("mile");
		Coordinates stop = around(victimAt, random.nextDouble(250, 2000), random.nextDouble(0, 360));
		List<Measurement> seen = new ArrayList<>();
		try (Stream stream = this.client.openStream(watcher)) {
			stream.send("{\"type\":\"subscribe\",\"latitude\":" + stop.latitude() + ",\"longitude\":" + stop.longitude()
					+ ",\"radius\":3}");
			stream.await((r) -> "subscription_confirmed".equals(r.message().get("type")), Duration.ofSeconds(10));
			for (int i = 1; i <= 3; i++) {
				// A metre east each time: the attacker hopes the change shows.
				this.client.moveTo(victim, victimAt.latitude(),
						victimAt.longitude() + i / (METERS_PER_DEGREE * Math.cos(Math.toRadians(victimAt.latitude()))));
			}
			this.client.moveTo(victim, victimAt.latitude(), victimAt.longitude());
			stream.send("{\"type\":\"ping\"}");
			stream.await((r) -> "pong".equals(r.message().get("type")), Duration.ofSeconds(10));
			// Updates about the victim come before the pong's answer only if sent before
			// it; give the relay a moment more.
			Thread.sleep(300);
			stream.ofType("location_update")
				.stream()
				.filter((r) -> victim.userId().equals(r.message().get("userID")))
				.forEach((r) -> seen.add(Measurement.of(stop, r.message())));
		}
		return seen;
	}

	/** A distance and direction the attacker was shown, and where they stood. */
	private record Measurement(Coordinates from, double meters, String direction) {

		static Measurement of(Coordinates from, Map<?, ?> entry) {
			assertThat(entry.get("unit")).isEqualTo("mile");
			return new Measurement(from, ((Number) entry.get("distance")).doubleValue() * METERS_PER_MILE,
					(String) entry.get("direction"));
		}

	}

	/**
	 * Gauss-Newton on a local plane: the point whose distances to the attacker's stops
	 * best match what was shown. Seeded from the first measurement's direction and
	 * distance.
	 */
	static Coordinates leastSquares(List<Measurement> measurements) {
		Coordinates origin = measurements.get(0).from();
		double cos = Math.cos(Math.toRadians(origin.latitude()));
		double[][] stops = new double[measurements.size()][];
		for (int i = 0; i < stops.length; i++) {
			Coordinates at = measurements.get(i).from();
			stops[i] = new double[] { (at.longitude() - origin.longitude()) * cos * METERS_PER_DEGREE,
					(at.latitude() - origin.latitude()) * METERS_PER_DEGREE };
		}
		Measurement first = measurements.get(0);
		double bearing = Math
			.toRadians(45 * List.of("N", "NE", "E", "SE", "S", "SW", "W", "NW").indexOf(first.direction()));
		double x = stops[0][0] + first.meters() * Math.sin(bearing);
		double y = stops[0][1] + first.meters() * Math.cos(bearing);
		for (int iteration = 0; iteration < 100; iteration++) {
			double a11 = 0;
			double a12 = 0;
			double a22 = 0;
			double b1 = 0;
			double b2 = 0;
			for (int i = 0; i < stops.length; i++) {
				double dx = x - stops[i][0];
				double dy = y - stops[i][1];
				double range = Math.max(1e-6, Math.hypot(dx, dy));
				double residual = range - measurements.get(i).meters();
				double jx = dx / range;
				double jy = dy / range;
				a11 += jx * jx;
				a12 += jx * jy;
				a22 += jy * jy;
				b1 += jx * residual;
				b2 += jy * residual;
			}
			double determinant = a11 * a22 - a12 * a12;
			if (Math.abs(determinant) < 1e-12) {
				break;
			}
			double stepX = (a22 * b1 - a12 * b2) / determinant;
			double stepY = (a11 * b2 - a12 * b1) / determinant;
			x -= stepX;
			y -= stepY;
			if (Math.hypot(stepX, stepY) < 0.01) {
				break;
			}
		}
		return Coordinates.of(origin.latitude() + y / METERS_PER_DEGREE,
				origin.longitude() + x / (cos * METERS_PER_DEGREE));
	}

	private static Coordinates around(Coordinates centre, double meters, double bearingDegrees) {
		double bearing = Math.toRadians(bearingDegrees);
		return Coordinates.of(centre.latitude() + meters * Math.cos(bearing) / METERS_PER_DEGREE, centre.longitude()
				+ meters * Math.sin(bearing) / (METERS_PER_DEGREE * Math.cos(Math.toRadians(centre.latitude()))));
	}

	private static double percentile(List<Double> values, int percent) {
		List<Double> sorted = values.stream().sorted().toList();
		int index = (int) Math.round((sorted.size() - 1) * percent / 100.0);
		return sorted.get(index);
	}

}
