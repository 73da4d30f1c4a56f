package com.bowwow.location.live;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.array;
import static com.bowwow.location.HttpTestSupport.get;
import static com.bowwow.location.HttpTestSupport.internal;
import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Users beyond Redis GEO's latitude limit (±85.05°) are indexed in the polar hash and
 * found by every search: nearby both ways, across the limit, the internal within list
 * (waves), the stream, the purge and the rebuild. Before, nearby answered 500 and waves
 * 503 for them.
 */
class PolarUsersTests extends LocationIntegrationTest {

	@Autowired
	private IndexRebuilder rebuilder;

	@Autowired
	private PositionPurgeJob purge;

	@Test
	void aUserAtLatitude89Point5AndTheirNeighbourSeeEachOther() throws Exception {
		UserId north = UserId.random();
		UserId neighbour = UserId.random();
		report(north, 89.5, 10);
		report(neighbour, 89.51, 10);
		assertThat(ids(north)).containsExactly(neighbour.toString());
		assertThat(ids(neighbour)).containsExactly(north.toString());
		Map<String, Object> shown = array(get(this.port, north, "/api/v1/locations/nearby/" + north)).get(0);
		assertThat(((Number) shown.get("distance")).doubleValue()).isCloseTo(1113.0 / 1609.344, within(0.5));
	}

	@Test
	void aUserAtLatitudeMinus89Point9SeesANeighbourAcrossThePole() throws Exception {
		UserId south = UserId.random();
		UserId acrossThePole = UserId.random();
		UserId farAway = UserId.random();
		report(south, -89.9, 0);
		// 0.13° (about 14 km) away, on the other side of the pole.
		report(acrossThePole, -89.97, 180);
		report(farAway, -80, 0);
		HttpResponse<String> response = get(this.port, south, "/api/v1/locations/nearby/" + south + "?distance=16");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(ids(south)).containsExactly(acrossThePole.toString());
	}

	@Test
	void searchesCrossTheGeoLimitBothWays() throws Exception {
		UserId inGeo = UserId.random();
		UserId inPolar = UserId.random();
		UserId fartherInGeo = UserId.random();
		report(inGeo, 85.04, 20);
		report(inPolar, 85.06, 20);
		report(fartherInGeo, 85.0, 20);
		assertThat(ids(inGeo)).containsExactly(inPolar.toString(), fartherInGeo.toString());
		assertThat(ids(inPolar)).containsExactly(inGeo.toString(), fartherInGeo.toString());
		// Nearest first with a limit: the polar neighbour is merged in order.
		assertThat(idsOf(get(this.port, inGeo, "/api/v1/locations/nearby/" + inGeo + "?limit=1")))
			.containsExactly(inPolar.toString());
	}

	@Test
	@SuppressWarnings("unchecked")
	void wavesReachPolarUsersAndLeaveFromThere() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		report(sender, 89.5, 0);
		report(receiver, 89.52, 0);
		HttpResponse<String> response = internal(this.port,
				"/internal/locations/within?latitude=89.5&longitude=0&radiusMeters=5000&excludeUserID=" + sender);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<Map<String, Object>> users = (List<Map<String, Object>>) object(response).get("users");
		assertThat(users).extracting((u) -> u.get("userID")).containsExactly(receiver.toString());
		assertThat(((Number) users.get(0).get("latitude")).doubleValue()).isCloseTo(89.52, within(1e-9));
		// A wave from a GEO-indexed point reaches polar users too.
		UserId pastTheLimit = UserId.random();
		report(pastTheLimit, 85.1, 0);
		response = internal(this.port, "/internal/locations/within?latitude=85.04&longitude=0&radiusMeters=20000");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat((List<Map<String, Object>>) object(response).get("users")).extracting((u) -> u.get("userID"))
			.containsExactly(pastTheLimit.toString());
	}

	@Test
	void thePolarIndexFollowsMovesRemovalsPurgesAndRebuilds() {
		UserId user = UserId.random();
		report(user, 89.5, 0);
		assertThat(this.index.find(user, Instant.EPOCH).coordinates().latitude()).isCloseTo(89.5, within(1e-9));
		// Moving out of the cap leaves the polar hash for GEO, and back.
		report(user, 80, 0, this.clock.instant().plusSeconds(1));
		assertThat(this.index.find(user, Instant.EPOCH).coordinates().latitude()).isCloseTo(80, within(1e-5));
		assertThat(this.index.nearest(Coordinates.of(89.5, 0), 250, 1000, 10, Instant.EPOCH, null)).isEmpty();
		report(user, -88, 5, this.clock.instant().plusSeconds(2));
		assertThat(this.index.nearest(Coordinates.of(80, 0), 250, 1000, 10, Instant.EPOCH, null)).isEmpty();
		assertThat(this.index.nearest(Coordinates.of(-88, 5), 250, 1000, 10, Instant.EPOCH, null))
			.extracting(IndexedPosition::userId)
			.containsExactly(user);

		// Rebuilt after a flush.
		this.redis.delete(List.of("{bowwow:location}:polar", "{bowwow:location}:seen", "{bowwow:location}:geo",
				"{bowwow:location}:index-ready"));
		assertThat(this.rebuilder.rebuildIfMissing()).isTrue();
		assertThat(this.index.find(user, Instant.EPOCH).coordinates().latitude()).isCloseTo(-88, within(1e-9));

		// Purged with the rest once expired.
		this.clock.advance(java.time.Duration.ofHours(25));
		assertThat(this.purge.purge().indexEntries()).isEqualTo(1);
		assertThat(this.redis.hasKey("{bowwow:location}:polar")).isFalse();
	}

	/**
	 * The newcomer check of a wave finds movers across the pole, and everyone a rebuild
	 * puts back (after a flush, nobody can tell who moved: all count as moved).
	 */
	@Test
	void moversAreFoundAcrossThePoleAndEveryoneARebuildRestoresIsOne() throws Exception {
		Instant before = this.index.serverTime();
		UserId acrossThePole = UserId.random();
		UserId geoIndexed = UserId.random();
		report(acrossThePole, 89.95, 100);
		report(geoIndexed, 85.0, 0);
		Coordinates pole = Coordinates.of(89.97, -80);
		assertThat(this.index.moversNear(pole, 10_000, before, Instant.EPOCH, null).moved())
			.extracting(IndexedPosition::userId)
			.containsExactly(acrossThePole);
		assertThat(this.index.moversNear(Coordinates.of(85.05, 0), 10_000, before, Instant.EPOCH, null).moved())
			.extracting(IndexedPosition::userId)
			.containsExactly(geoIndexed);

		this.redis.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		Thread.sleep(5);
		Instant flushed = this.index.serverTime();
		assertThat(this.rebuilder.rebuildIfMissing()).isTrue();
		assertThat(this.index.moversNear(pole, 10_000, flushed, Instant.EPOCH, null).moved())
			.extracting(IndexedPosition::userId)
			.containsExactly(acrossThePole);
	}

	@Test
	void aStreamAtThePoleSeesItsNeighbourMove() throws Exception {
		UserId watcher = UserId.random();
		UserId mover = UserId.random();
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(watcher))) {
			client.send("{\"type\":\"subscribe\",\"latitude\":89.9,\"longitude\":0,\"radius\":5}");
			assertThat(client.next()).containsEntry("type", "subscription_confirmed");
			report(mover, 89.91, 10);
			assertThat(client.next("location_update")).containsEntry("userID", mover.toString());
		}
	}

	private List<String> ids(UserId caller) throws Exception {
		return idsOf(get(this.port, caller, "/api/v1/locations/nearby/" + caller));
	}

	private static List<String> idsOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return array(response).stream().map((u) -> (String) u.get("userID")).toList();
	}

}
