package com.bowwow.location.within;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.settings.UserEventHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.internal;
import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WithinHttpTests extends LocationIntegrationTest {

	@Autowired
	private UserEventHandler userEvents;

	@Test
	@SuppressWarnings("unchecked")
	void listsLiveVisibleUsersWithTheirPositionsNearestFirst() throws Exception {
		UserId near = UserId.random();
		UserId farther = UserId.random();
		UserId outside = UserId.random();
		UserId offline = UserId.random();
		UserId sender = UserId.random();
		report(sender, 48.8566, 2.3522);
		report(near, 48.8570, 2.3522);
		report(farther, 48.8600, 2.3522);
		report(outside, 48.9566, 2.3522);
		report(offline, 48.8567, 2.3522);
		this.userEvents.settingsChanged("e1", offline, DistanceUnit.MILE, true, this.clock.instant());

		HttpResponse<String> response = internal(this.port,
				"/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000&excludeUserID="
						+ sender);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = object(response);
		assertThat(body).containsEntry("truncated", false);
		List<Map<String, Object>> users = (List<Map<String, Object>>) body.get("users");
		assertThat(users).extracting((u) -> u.get("userID")).containsExactly(near.toString(), farther.toString());
		assertThat(((Number) users.get(0).get("latitude")).doubleValue()).isCloseTo(48.8570, within(1e-5));
		assertThat(((Number) users.get(0).get("distanceMeters")).doubleValue()).isCloseTo(44.5, within(1.0));
		assertThat(users.get(0)).containsKeys("longitude", "reportedAt");

		HttpResponse<String> limited = internal(this.port,
				"/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000&limit=1");
		assertThat(object(limited)).containsEntry("truncated", true);
		assertThat((List<?>) object(limited).get("users")).hasSize(1);
	}

	/**
	 * A travelling wave asks for newcomers with the last answer's {@code asOf}: it gets
	 * exactly those who moved into (or within) the disc since, and asking again from the
	 * new {@code asOf} finds nobody twice.
	 */
	@Test
	void movedSinceAnswersOnlyThoseWhoMovedWithinTheDiscSinceTheLastAnswer() throws Exception {
		UserId stayed = UserId.random();
		UserId movedWithin = UserId.random();
		UserId leaves = UserId.random();
		UserId arrives = UserId.random();
		UserId movedElsewhere = UserId.random();
		UserId hiddenMover = UserId.random();
		report(stayed, 48.8570, 2.3522);
		report(movedWithin, 48.8580, 2.3522);
		report(leaves, 48.8590, 2.3522);
		report(arrives, 48.9566, 2.3522);
		report(movedElsewhere, 48.9566, 2.3522);
		report(hiddenMover, 48.8575, 2.3522);
		String disc = "/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000";
		// movedSince is inclusive (a write in the answer's own millisecond may come after
		// it): a clean cut needs the clock to have moved on
		Thread.sleep(5);
		Map<String, Object> first = object(internal(this.port, disc));
		assertThat(ids(first)).containsExactlyInAnyOrder(stayed.toString(), movedWithin.toString(), leaves.toString(),
				hiddenMover.toString());
		Object asOf = first.get("asOfEpochMilli");

		this.clock.advance(java.time.Duration.ofSeconds(1));
		report(movedWithin, 48.8585, 2.3522);
		report(leaves, 48.9566, 2.3530);
		report(arrives, 48.8600, 2.3522);
		report(movedElsewhere, 48.9570, 2.3522);
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, hiddenMover.toString());
		report(hiddenMover, 48.8576, 2.3522);
		Map<String, Object> movers = object(internal(this.port, disc + "&movedSinceEpochMilli=" + asOf));
		assertThat(ids(movers)).as("moved since, within the disc, visible")
			.containsExactly(movedWithin.toString(), arrives.toString());
		assertThat(((Number) movers.get("asOfEpochMilli")).longValue())
			.isGreaterThanOrEqualTo(((Number) asOf).longValue());

		Thread.sleep(5);
		Map<String, Object> again = object(
				internal(this.port, disc + "&movedSinceEpochMilli=" + movers.get("asOfEpochMilli")));
		assertThat(ids(again)).as("nobody moved since the last answer").isEmpty();
	}

	@Test
	void someoneBackFromOfflineModeCountsAsAMover() throws Exception {
		UserId returning = UserId.random();
		report(returning, 48.8570, 2.3522);
		this.userEvents.settingsChanged("e1", returning, DistanceUnit.MILE, true, this.clock.instant());
		String disc = "/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000";
		Thread.sleep(5);
		Map<String, Object> first = object(internal(this.port, disc));
		assertThat(ids(first)).isEmpty();

		this.userEvents.settingsChanged("e2", returning, DistanceUnit.MILE, false, this.clock.instant().plusSeconds(1));
		assertThat(ids(object(internal(this.port, disc + "&movedSinceEpochMilli=" + first.get("asOfEpochMilli")))))
			.containsExactly(returning.toString());
	}

	@Test
	void movedSinceFurtherBackThanMoversAreRememberedAnswersEveryone() throws Exception {
		UserId stayed = UserId.random();
		report(stayed, 48.8570, 2.3522);
		Instant longAgo = this.clock.instant().minus(UsersWithin.MOVERS_REMEMBERED).minusSeconds(1);
		Map<String, Object> answer = object(internal(this.port,
				"/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000&movedSinceEpochMilli="
						+ longAgo.toEpochMilli()));
		assertThat(ids(answer)).containsExactly(stayed.toString());
	}

	/**
	 * A large audience is read ring by ring: each ring starts a little inside the
	 * farthest distance of the last and drops whom it has already, and together the rings
	 * hold exactly the whole disc, nearest first, nobody inside a ring's start read again
	 * (ties at one spot included).
	 */
	@Test
	@SuppressWarnings("unchecked")
	void beyondMetersReadsTheDiscRingByRingEachOnce() throws Exception {
		java.util.Random random = new java.util.Random(7);
		List<UserId> placed = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			UserId user = UserId.random();
			report(user, 48.8566 + (random.nextDouble() - 0.5) * 0.02, 2.3522 + (random.nextDouble() - 0.5) * 0.03);
			placed.add(user);
		}
		for (int i = 0; i < 3; i++) {
			report(UserId.random(), 48.8600, 2.3522);
		}
		// stale ones (last seen over a day ago) and the caller inside the rings: the
		// script must look past them without losing anyone
		for (UserId stale : placed.subList(0, 8)) {
			this.redis.opsForZSet()
				.add("{bowwow:location}:seen", stale.toString(),
						this.clock.instant().minus(java.time.Duration.ofHours(25)).toEpochMilli());
		}
		String disc = "/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1200&excludeUserID="
				+ placed.get(10);
		List<Object> whole = ids(object(internal(this.port, disc)));
		assertThat(whole).hasSizeGreaterThan(20);

		java.util.LinkedHashSet<Object> read = new java.util.LinkedHashSet<>();
		double beyond = 0;
		int asked = 0;
		boolean truncated = true;
		while (truncated) {
			Map<String, Object> ring = object(internal(this.port, disc + "&limit=6&beyondMeters=" + beyond));
			List<Map<String, Object>> users = (List<Map<String, Object>>) ring.get("users");
			double from = beyond;
			assertThat(users).allSatisfy(
					(u) -> assertThat(((Number) u.get("distanceMeters")).doubleValue()).isGreaterThanOrEqualTo(from));
			users.forEach((u) -> read.add(u.get("userID")));
			beyond = Math.max(0, ((Number) users.get(users.size() - 1).get("distanceMeters")).doubleValue() - 1);
			truncated = (boolean) ring.get("truncated");
			assertThat(++asked).as("rings").isLessThan(20);
		}
		assertThat(List.copyOf(read)).containsExactlyInAnyOrderElementsOf(whole)
			.doesNotContain(placed.get(10).toString(), placed.get(0).toString());
	}

	@SuppressWarnings("unchecked")
	private static List<Object> ids(Map<String, Object> answer) {
		return ((List<Map<String, Object>>) answer.get("users")).stream().map((u) -> u.get("userID")).toList();
	}

	@Test
	void refusesBadParameters() throws Exception {
		for (String query : List.of("latitude=91&longitude=0&radiusMeters=10", "latitude=0&longitude=0&radiusMeters=0",
				"latitude=0&longitude=0&radiusMeters=50000", "latitude=0&longitude=0",
				"latitude=0&longitude=0&radiusMeters=10&limit=0", "latitude=x&longitude=0&radiusMeters=10",
				"latitude=0&longitude=0&radiusMeters=10&movedSinceEpochMilli=yesterday",
				"latitude=0&longitude=0&radiusMeters=10&movedSinceEpochMilli=2026-12-01T00:00:00Z",
				"latitude=0&longitude=0&radiusMeters=10&beyondMeters=-1",
				"latitude=0&longitude=0&radiusMeters=10&beyondMeters=10",
				"latitude=0&longitude=0&radiusMeters=10&beyondMeters=NaN",
				"latitude=0&longitude=0&radiusMeters=10&beyondMeters=5&movedSinceEpochMilli=0")) {
			HttpResponse<String> response = internal(this.port, "/internal/locations/within?" + query);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
		}
	}

}
