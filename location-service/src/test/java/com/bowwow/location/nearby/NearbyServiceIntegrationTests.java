package com.bowwow.location.nearby;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.settings.UserEventHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NearbyServiceIntegrationTests extends LocationIntegrationTest {

	/** Times Square. */
	private static final Coordinates ORIGIN = Coordinates.of(40.758, -73.9855);

	@Autowired
	private NearbyService nearby;

	@Autowired
	private UserEventHandler userEvents;

	@Test
	void nearestFirstWithDistanceInTheCallersUnitAndDirectionTowardsEachUser() {
		UserId caller = UserId.random();
		UserId north = UserId.random();
		UserId east = UserId.random();
		UserId southWest = UserId.random();
		report(caller, ORIGIN.latitude(), ORIGIN.longitude());
		report(north, 40.7725, -73.9855); // about 1.0 mi north
		report(east, 40.758, -73.9475); // about 2.0 mi east
		report(southWest, 40.7380, -74.0120); // about 1.9 mi south-west
		List<NearbyUser> result = this.nearby.nearby(caller, null, 50);
		// Order, distance and direction follow each user's cell centre (privacy rule):
		// south-west (1.9 mi) and east (2.0 mi) swap places by their cells.
		Coordinates northAt = Coordinates.of(40.7725, -73.9855);
		Coordinates eastAt = Coordinates.of(40.758, -73.9475);
		Coordinates southWestAt = Coordinates.of(40.7380, -74.0120);
		assertThat(PrivacyGrid.shownDistanceMeters(ORIGIN, southWestAt))
			.isGreaterThan(PrivacyGrid.shownDistanceMeters(ORIGIN, eastAt));
		assertThat(result).extracting(NearbyUser::userID).containsExactly(north, east, southWest);
		assertThat(result).extracting(NearbyUser::direction)
			.containsExactly(PrivacyGrid.shownDirection(ORIGIN, northAt), PrivacyGrid.shownDirection(ORIGIN, eastAt),
					PrivacyGrid.shownDirection(ORIGIN, southWestAt));
		assertThat(result).allSatisfy((user) -> assertThat(user.unit()).isEqualTo(DistanceUnit.MILE));
		NearbyUser first = result.get(0);
		double expectedMiles = PrivacyGrid.shownDistanceMeters(ORIGIN, northAt) / 1609.344;
		assertThat(first.distance()).isCloseTo(expectedMiles, within(0.006));
		assertThat(first.distance()).isEqualTo(Math.round(first.distance() * 100) / 100.0);
		assertThat(first.lastSeen()).isNotNull();

		// The same neighbours read by a kilometer user.
		this.userEvents.settingsChanged("e-km", caller, DistanceUnit.KILOMETER, false, this.clock.instant());
		List<NearbyUser> inKilometers = this.nearby.nearby(caller, null, 50);
		assertThat(inKilometers.get(0).unit()).isEqualTo(DistanceUnit.KILOMETER);
		assertThat(inKilometers.get(0).distance()).isCloseTo(expectedMiles * 1.609344, within(0.006));
	}

	@Test
	void excludesSelfOfflineAndStaleUsersAndHonoursDistanceAndLimit() {
		UserId caller = UserId.random();
		UserId offline = UserId.random();
		UserId stale = UserId.random();
		UserId far = UserId.random();
		Instant now = this.clock.instant();
		report(caller, ORIGIN.latitude(), ORIGIN.longitude());
		report(stale, 40.759, -73.9855, now.minus(Duration.ofHours(24)).plusSeconds(30));
		report(offline, 40.7585, -73.9855);
		this.userEvents.settingsChanged("e-off", offline, DistanceUnit.MILE, true, now);
		report(far, 40.9, -73.9855); // about 9.8 mi north
		List<UserId> close = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			UserId user = UserId.random();
			close.add(user);
			report(user, ORIGIN.latitude() + i * 0.001, ORIGIN.longitude());
		}
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.nearby.nearby(caller, null, 50)).extracting(NearbyUser::userID)
			.containsExactly(close.get(0), close.get(1), close.get(2), close.get(3), close.get(4), far);
		assertThat(this.nearby.nearby(caller, null, 3)).extracting(NearbyUser::userID)
			.containsExactly(close.get(0), close.get(1), close.get(2));
		assertThat(this.nearby.nearby(caller, 1.0, 50)).extracting(NearbyUser::userID).doesNotContain(far).hasSize(5);
		// 25 miles is clamped to 10: a user 10.5 miles away stays out.
		UserId beyond = UserId.random();
		report(beyond, 40.91, -73.9855);
		assertThat(this.nearby.nearby(caller, 25.0, 50)).extracting(NearbyUser::userID).doesNotContain(beyond);

		// Back online: visible again without a new position report.
		this.userEvents.settingsChanged("e-on", offline, DistanceUnit.MILE, false, now.plusSeconds(1));
		assertThat(this.nearby.nearby(caller, null, 1)).extracting(NearbyUser::userID).containsExactly(offline);
	}

	@Test
	void aCallerWithoutALivePositionSeesNobody() {
		report(UserId.random(), ORIGIN.latitude(), ORIGIN.longitude());
		assertThat(this.nearby.nearby(UserId.random(), null, 50)).isEmpty();
	}

	@Test
	void expandingRingsReturnExactlyTheTrueNearestInDenseAndSparseAreas() {
		Random random = new Random(42);
		List<IndexedPosition> all = new ArrayList<>();
		Instant now = this.clock.instant();
		// A dense core of 3 000 users within ~1.5 km plus 300 spread over 30 km.
		for (int i = 0; i < 3_300; i++) {
			double spread = (i < 3_000) ? 0.015 : 0.3;
			all.add(new IndexedPosition(UserId.random(), Coordinates.of(ORIGIN.latitude() + gauss(random) * spread,
					ORIGIN.longitude() + gauss(random) * spread), now));
		}
		this.index.putAll(all);
		// Compare against what the index holds (geohash precision, well under a metre).
		List<org.springframework.data.geo.Point> stored = this.redis.opsForGeo()
			.position("{bowwow:location}:geo", all.stream().map((p) -> p.userId().toString()).toArray(String[]::new));
		for (int i = 0; i < all.size(); i++) {
			all.set(i, new IndexedPosition(all.get(i).userId(),
					Coordinates.of(stored.get(i).getY(), stored.get(i).getX()), now));
		}
		for (Coordinates center : List.of(ORIGIN, Coordinates.of(40.95, -73.7), Coordinates.of(41.5, -73.0))) {
			for (int limit : new int[] { 1, 50, 500 }) {
				double radius = 16_093.44;
				List<UserId> expected = all.stream()
					.filter((p) -> GreatCircle.distanceMeters(center, p.coordinates()) <= radius)
					.sorted(Comparator
						.comparingDouble((IndexedPosition p) -> GreatCircle.distanceMeters(center, p.coordinates())))
					.limit(limit)
					.map(IndexedPosition::userId)
					.toList();
				List<UserId> actual = this.nearby.nearest(center, radius, limit, now.minusSeconds(60), null)
					.stream()
					.map((found) -> found.position().userId())
					.toList();
				assertThat(actual).as("center %s limit %d", center, limit).isEqualTo(expected);
			}
		}
	}

	private static double gauss(Random random) {
		return Math.max(-3, Math.min(3, random.nextGaussian()));
	}

}
