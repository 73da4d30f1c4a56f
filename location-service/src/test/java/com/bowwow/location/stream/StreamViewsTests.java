package com.bowwow.location.stream;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import com.bowwow.location.stream.StreamConnection.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription index must never miss a circle: a move anywhere inside a circle finds
 * its connection, whatever the latitude, radius or tile boundary.
 */
class StreamViewsTests {

	@Test
	void everyPointInsideACircleFindsItsConnection() {
		Random random = new Random(7);
		for (int trial = 0; trial < 2_000; trial++) {
			StreamViews views = new StreamViews();
			StreamConnection connection = connection();
			Subscription circle = randomCircle(random, 89, 180);
			views.placed(connection, circle);
			for (Coordinates point : pointsInside(circle, 20, random)) {
				assertThat(views.circlesNear(point)).as("%s point %s", circle, point).contains(connection);
			}
		}
	}

	@Test
	void aMoveIsMatchedOnlyAgainstCirclesNearIt() {
		// 2,000 quarter-mile circles over a town 28 km across: a 0.25° tile holds them
		// all, and a move must not be matched against all of them
		Random random = new Random(11);
		Coordinates town = Coordinates.of(39.9526, -75.1652);
		StreamViews views = new StreamViews();
		java.util.Map<StreamConnection, Coordinates> centres = new java.util.HashMap<>();
		for (int i = 0; i < 2_000; i++) {
			StreamConnection connection = connection();
			Coordinates center = within(town, 14_000, random);
			centres.put(connection, center);
			views.placed(connection, new Subscription(center, Instant.EPOCH, 402, DistanceUnit.MILE));
		}
		int matched = 0;
		int holding = 0;
		for (int i = 0; i < 200; i++) {
			Coordinates point = within(town, 14_000, random);
			for (StreamConnection connection : views.circlesNear(point)) {
				assertThat(GreatCircle.distanceMeters(centres.get(connection), point)).isLessThan(402 + 1_500);
				matched++;
			}
			holding += (int) centres.values()
				.stream()
				.filter((center) -> GreatCircle.distanceMeters(center, point) <= 402)
				.count();
		}
		assertThat(holding).as("circles holding the points").isPositive();
		assertThat(matched).as("matched for %d holding", holding).isLessThan(holding * 8);
	}

	/**
	 * Only those who see a move go to the safety check: connections whose circle holds
	 * the mover's cell and those showing the mover, never the mover's own, nor a circle
	 * that merely shares a tile with the cell.
	 */
	@Test
	void aMoveConcernsThoseWhoseCircleHoldsItAndThoseShowingTheMover() {
		StreamViews views = new StreamViews();
		Coordinates cell = Coordinates.of(39.9526, -75.1652);
		StreamConnection holding = connection();
		subscribe(views, holding, new Subscription(cell, Instant.EPOCH, 402, DistanceUnit.MILE));
		// about 450 m east: its box shares the cell's tile, its circle does not hold it
		StreamConnection nextDoor = connection();
		subscribe(views, nextDoor,
				new Subscription(Coordinates.of(39.9526, -75.1652 + 0.0053), Instant.EPOCH, 402, DistanceUnit.MILE));
		assertThat(views.circlesNear(cell)).as("sharing a tile").contains(nextDoor);
		StreamConnection showing = connection();
		subscribe(views, showing,
				new Subscription(Coordinates.of(40.2, -75.1652), Instant.EPOCH, 402, DistanceUnit.MILE));
		UserId mover = UserId.random();
		views.showing(showing, mover);

		assertThat(views.concernedBy(cell, mover)).containsExactlyInAnyOrder(holding, showing);
		assertThat(views.concernedBy(cell, holding.userId())).as("not the mover's own").isEmpty();
	}

	@Test
	void everyAreaACircleTouchesIsNeededWhateverItsTileSize() {
		StreamViews views = new StreamViews();
		java.util.Set<Long> needed = new java.util.HashSet<>();
		views.watchAreas(new StreamViews.AreaWatcher() {
			@Override
			public void needed(long area) {
				needed.add(area);
			}

			@Override
			public void unneeded(long area) {
				needed.remove(area);
			}
		});
		Random random = new Random(5);
		for (int trial = 0; trial < 500; trial++) {
			StreamConnection connection = connection();
			Subscription circle = randomCircle(random, 80, 170);
			views.placed(connection, circle);
			for (Coordinates point : pointsInside(circle, 10, random)) {
				assertThat(needed).contains(StreamViews.areaOf(point));
			}
			views.forget(connection);
			assertThat(needed).isEmpty();
		}
	}

	@Test
	void aMovedOrEndedCircleLeavesItsOldTiles() {
		StreamViews views = new StreamViews();
		StreamConnection connection = connection();
		Coordinates paris = Coordinates.of(48.8566, 2.3522);
		Coordinates tokyo = Coordinates.of(35.6812, 139.7671);
		views.placed(connection, new Subscription(paris, Instant.EPOCH, 3_000, DistanceUnit.KILOMETER));
		assertThat(views.circlesNear(paris)).contains(connection);
		views.placed(connection, new Subscription(tokyo, Instant.EPOCH, 3_000, DistanceUnit.KILOMETER));
		assertThat(views.circlesNear(paris)).isEmpty();
		assertThat(views.circlesNear(tokyo)).contains(connection);
		UserId shown = UserId.random();
		connection.shown().put(shown, new StreamConnection.Shown(tokyo, Instant.EPOCH));
		views.showing(connection, shown);
		assertThat(views.viewersOf(shown)).containsExactly(connection);
		views.forget(connection);
		assertThat(views.circlesNear(tokyo)).isEmpty();
		assertThat(views.viewersOf(shown)).isEmpty();
	}

	/**
	 * A circle that moves by less than a tile keeps the tiles both positions share and
	 * must end in exactly the tiles of its new position: none missing (a miss loses
	 * deliveries), none left behind (a stale tile costs every move there a check).
	 * Compared, after every step, with an index that only ever saw the new position.
	 */
	@Test
	void aCircleWalkingInSmallStepsIsIndexedExactlyWhereItNowIs() {
		Random random = new Random(13);
		StreamViews walked = new StreamViews();
		StreamConnection connection = connection();
		Coordinates center = Coordinates.of(48.8566, 2.3522);
		double radius = 2_000;
		for (int step = 0; step < 300; step++) {
			center = within(center, 600, random);
			// now and then across a tile size
			radius = (step % 25 == 0) ? 300 + random.nextDouble() * 30_000 : radius;
			Subscription circle = new Subscription(center, Instant.EPOCH, radius, DistanceUnit.KILOMETER);
			walked.placed(connection, circle);
			StreamViews fresh = new StreamViews();
			fresh.placed(connection, circle);
			for (int i = 0; i < 40; i++) {
				Coordinates point = within(center, radius + 60_000, random);
				assertThat(walked.circlesNear(point).contains(connection))
					.as("step %d, %s, point %s", step, circle, point)
					.isEqualTo(fresh.circlesNear(point).contains(connection));
			}
		}
	}

	private static void subscribe(StreamViews views, StreamConnection connection, Subscription circle) {
		connection.subscribe(circle);
		views.placed(connection, circle);
	}

	/**
	 * A circle of 100 m to 16.2 km anywhere within the given latitudes and longitudes.
	 */
	private static Subscription randomCircle(Random random, double maxLatitude, double maxLongitude) {
		Coordinates center = Coordinates.of(-maxLatitude + random.nextDouble() * 2 * maxLatitude,
				-maxLongitude + random.nextDouble() * 2 * maxLongitude);
		return new Subscription(center, Instant.EPOCH, 100 + random.nextDouble() * 16_100, DistanceUnit.KILOMETER);
	}

	/**
	 * Up to {@code count} random points inside the circle (fewer near a pole or the
	 * antimeridian).
	 */
	private static java.util.List<Coordinates> pointsInside(Subscription circle, int count, Random random) {
		java.util.List<Coordinates> points = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			Coordinates point = within(circle.center(), circle.radiusMeters(), random);
			if (point != null && circle.contains(point)) {
				points.add(point);
			}
		}
		return points;
	}

	private static Coordinates within(Coordinates center, double radius, Random random) {
		double meters = radius * Math.sqrt(random.nextDouble());
		double bearing = random.nextDouble() * 2 * Math.PI;
		double latitude = center.latitude()
				+ Math.toDegrees(meters * Math.cos(bearing) / GreatCircle.EARTH_RADIUS_METERS);
		double longitude = center.longitude() + Math.toDegrees(meters * Math.sin(bearing)
				/ (GreatCircle.EARTH_RADIUS_METERS * Math.cos(Math.toRadians(center.latitude()))));
		if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
			return null;
		}
		return Coordinates.of(latitude, longitude);
	}

	private static StreamConnection connection() {
		WebSocketSession session = (WebSocketSession) Proxy.newProxyInstance(StreamViewsTests.class.getClassLoader(),
				new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getId" -> "s-" + System.identityHashCode(proxy);
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> null;
				});
		return new StreamConnection(session, UserId.random(), 4, Clock.systemUTC(),
				new StreamMetrics(new SimpleMeterRegistry()));
	}

}
