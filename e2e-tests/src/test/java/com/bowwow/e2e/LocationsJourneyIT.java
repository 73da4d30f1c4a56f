package com.bowwow.e2e;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.PrivacyGrid;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.bowwow.e2e.GatewayClient.Account;
import com.bowwow.e2e.GatewayClient.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The locations leg of the journey, only through the gateway: positions reported, nearby
 * read by a mile user and a kilometer user, a WebSocket subscriber seeing a neighbour
 * move, and a user in offline mode never appearing anywhere.
 */
@ExtendWith(StackExtension.class)
class LocationsJourneyIT {

	/** Around the Brandenburg Gate. */
	private static final double LATITUDE = 52.5163;

	private static final double LONGITUDE = 13.3777;

	private final GatewayClient client = new GatewayClient(StackExtension.stack().gateway());

	@Test
	void neighboursSeeEachOtherButNeverAnOfflineUser() throws Exception {
		// Events reach location-service in registration order: once the kilometer
		// user's unit shows, the offline user's settings have been applied too.
		Account offline = this.client.registerWith("{\"isOffline\":true,\"distanceUnit\":\"mile\"}");
		Account kilometer = this.client.register("kilometer");
		Account mile = this.client.registerWith(null);
		Account watcher = this.client.registerWith(null);

		assertThat(report(mile, LATITUDE, LONGITUDE).statusCode()).isEqualTo(200);
		// about 1 km north
		assertThat(report(kilometer, LATITUDE + 0.009, LONGITUDE).statusCode()).isEqualTo(200);
		awaitUnit(kilometer, "kilometer");
		assertThat(report(offline, LATITUDE + 0.001, LONGITUDE).statusCode()).isEqualTo(200);

		// The privacy rule: another user is shown from the viewer's true position to the
		// centre of the other's grid cell, never to their true position.
		Coordinates milePosition = Coordinates.of(LATITUDE, LONGITUDE);
		Coordinates kilometerPosition = Coordinates.of(LATITUDE + 0.009, LONGITUDE);
		List<Map<?, ?>> seenByMile = this.client.nearby(mile);
		assertThat(ids(seenByMile)).containsExactly(kilometer.userId());
		assertThat(seenByMile.get(0).get("unit")).isEqualTo("mile");
		assertThat(seenByMile.get(0).get("direction"))
			.isEqualTo(PrivacyGrid.shownDirection(milePosition, kilometerPosition).name());
		assertThat(((Number) seenByMile.get(0).get("distance")).doubleValue()).isCloseTo(
				PrivacyGrid.shownDistanceMeters(milePosition, kilometerPosition) / DistanceUnit.MILE.meters(),
				within(0.006));

		List<Map<?, ?>> seenByKilometer = this.client.nearby(kilometer);
		assertThat(ids(seenByKilometer)).containsExactly(mile.userId());
		assertThat(seenByKilometer.get(0).get("unit")).isEqualTo("kilometer");
		assertThat(seenByKilometer.get(0).get("direction"))
			.isEqualTo(PrivacyGrid.shownDirection(kilometerPosition, milePosition).name());
		assertThat(((Number) seenByKilometer.get(0).get("distance")).doubleValue()).isCloseTo(
				PrivacyGrid.shownDistanceMeters(kilometerPosition, milePosition) / DistanceUnit.KILOMETER.meters(),
				within(0.006));

		try (Stream stream = this.client.openStream(watcher)) {
			stream.send("{\"type\":\"subscribe\",\"latitude\":" + LATITUDE + ",\"longitude\":" + LONGITUDE
					+ ",\"radius\":2}");
			assertThat(stream.next(WAIT).get("type")).isEqualTo("subscription_confirmed");
			assertThat(report(offline, LATITUDE + 0.002, LONGITUDE, Instant.now().plusSeconds(1)).statusCode())
				.isEqualTo(200);
			assertThat(report(mile, LATITUDE, LONGITUDE + 0.01, Instant.now().plusSeconds(1)).statusCode())
				.isEqualTo(200);
			Map<?, ?> update = stream.next(WAIT);
			assertThat(update.get("type")).isEqualTo("location_update");
			assertThat(update.get("userID")).isEqualTo(mile.userId());
			assertThat(update.get("unit")).isEqualTo("mile");
			assertThat(update.get("direction")).isEqualTo(PrivacyGrid
				.shownDirection(Coordinates.of(LATITUDE, LONGITUDE), Coordinates.of(LATITUDE, LONGITUDE + 0.01))
				.name());
			assertThat(update.containsKey("latitude") || update.containsKey("longitude")).isFalse();
			stream.send("{\"type\":\"ping\"}");
			assertThat(stream.next(WAIT).get("type")).as("nothing about the offline user came before the pong")
				.isEqualTo("pong");
		}
		assertThat(ids(this.client.nearby(kilometer))).doesNotContain(offline.userId());
	}

	private static final Duration WAIT = Duration.ofSeconds(10);

	private void awaitUnit(Account user, String unit) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			List<Map<?, ?>> found = this.client.nearby(user);
			if (!found.isEmpty() && unit.equals(found.get(0).get("unit"))) {
				return;
			}
			assertThat(System.nanoTime()).as("%s's settings reached location-service", unit).isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	private HttpResponse<String> report(Account user, double latitude, double longitude) throws Exception {
		return report(user, latitude, longitude, Instant.now());
	}

	private HttpResponse<String> report(Account user, double latitude, double longitude, Instant at) throws Exception {
		return this.client.report(user, latitude, longitude, at.truncatedTo(ChronoUnit.SECONDS));
	}

	private static List<String> ids(List<Map<?, ?>> users) {
		return users.stream().map((u) -> String.valueOf(u.get("userID"))).toList();
	}

}
