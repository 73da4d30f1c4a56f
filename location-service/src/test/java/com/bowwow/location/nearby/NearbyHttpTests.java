package com.bowwow.location.nearby;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.settings.UserEventHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.array;
import static com.bowwow.location.HttpTestSupport.get;
import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

class NearbyHttpTests extends LocationIntegrationTest {

	@Autowired
	private UserEventHandler userEvents;

	@Test
	void listsNeighboursInTheClientShape() throws Exception {
		UserId caller = UserId.random();
		UserId neighbour = UserId.random();
		report(caller, 51.5007, -0.1246);
		report(neighbour, 51.5033, -0.1196); // about 0.27 mi NE
		this.userEvents.settingsChanged("e1", caller, DistanceUnit.KILOMETER, false, this.clock.instant());
		HttpResponse<String> response = get(this.port, caller, "/api/v1/locations/nearby/" + caller);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<Map<String, Object>> users = array(response);
		assertThat(users).hasSize(1);
		Map<String, Object> user = users.get(0);
		assertThat(user.keySet()).containsExactlyInAnyOrder("userID", "distance", "unit", "direction", "lastSeen");
		assertThat(user).containsEntry("userID", neighbour.toString())
			.containsEntry("unit", "kilometer")
			.containsEntry("direction", "NE")
			// To the neighbour's cell centre (privacy rule), not to their true position.
			.containsEntry("distance", Math.round(
					PrivacyGrid.shownDistanceMeters(Coordinates.of(51.5007, -0.1246), Coordinates.of(51.5033, -0.1196))
							/ 10)
					/ 100.0);
		assertThat((String) user.get("lastSeen")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
	}

	@Test
	void onlyTheCallerMayAskAndParametersAreChecked() throws Exception {
		UserId caller = UserId.random();
		report(caller, 1, 1);
		assertThat(get(this.port, null, "/api/v1/locations/nearby/" + caller).statusCode()).isEqualTo(401);
		assertThat(get(this.port, UserId.random(), "/api/v1/locations/nearby/" + caller).statusCode()).isEqualTo(403);
		HttpResponse<String> limit = get(this.port, caller, "/api/v1/locations/nearby/" + caller + "?limit=0");
		assertThat(limit.statusCode()).isEqualTo(400);
		assertThat(object(limit)).containsEntry("code", "VALIDATION_FAILED");
		assertThat(get(this.port, caller, "/api/v1/locations/nearby/" + caller + "?distance=-1").statusCode())
			.isEqualTo(400);
		assertThat(get(this.port, caller, "/api/v1/locations/nearby/" + caller + "?distance=far").statusCode())
			.isEqualTo(400);
		assertThat(get(this.port, caller, "/api/v1/locations/nearby/not-a-uuid").statusCode()).isEqualTo(400);
		HttpResponse<String> clamped = get(this.port, caller,
				"/api/v1/locations/nearby/" + caller + "?limit=100000&distance=5000");
		assertThat(clamped.statusCode()).isEqualTo(200);
		assertThat(array(clamped)).isEmpty();
	}

}
