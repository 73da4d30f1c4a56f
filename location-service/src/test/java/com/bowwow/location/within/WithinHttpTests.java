package com.bowwow.location.within;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
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

	@Test
	void refusesBadParameters() throws Exception {
		for (String query : List.of("latitude=91&longitude=0&radiusMeters=10", "latitude=0&longitude=0&radiusMeters=0",
				"latitude=0&longitude=0&radiusMeters=50000", "latitude=0&longitude=0",
				"latitude=0&longitude=0&radiusMeters=10&limit=0", "latitude=x&longitude=0&radiusMeters=10")) {
			HttpResponse<String> response = internal(this.port, "/internal/locations/within?" + query);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
		}
	}

}
