package com.bowwow.location.export;

import java.net.http.HttpResponse;
import java.util.Map;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.time.Rfc3339;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.settings.UserEventHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.get;
import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /internal/export/{userID}}: the user's own exact position and settings. */
class ExportHttpTests extends LocationIntegrationTest {

	@Autowired
	private UserEventHandler userEvents;

	@Test
	@SuppressWarnings("unchecked")
	void exportsTheExactDecryptedPositionAndTheProjectedSettings() throws Exception {
		UserId user = UserId.random();
		report(user, 48.85661, 2.35222, this.clock.instant().minusSeconds(30));
		this.userEvents.settingsChanged("e1", user, DistanceUnit.KILOMETER, true, this.clock.instant());
		HttpResponse<String> response = get(this.port, null, "/internal/export/" + user);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = object(response);
		Map<String, Object> position = (Map<String, Object>) body.get("position");
		// Exact: not snapped to the privacy cell (only the user themself sees this).
		assertThat(position).containsEntry("latitude", 48.85661)
			.containsEntry("longitude", 2.35222)
			.containsEntry("reportedAt", Rfc3339.format(this.clock.instant().minusSeconds(30)));
		assertThat((Map<String, Object>) body.get("settings")).containsEntry("distanceUnit", "kilometer")
			.containsEntry("isOffline", true);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aUserWithNothingStoredExportsNoPositionAndTheDefaults() throws Exception {
		UserId user = UserId.random();
		report(UserId.random(), 48.85661, 2.35222);
		Map<String, Object> body = object(get(this.port, null, "/internal/export/" + user));
		assertThat(body).containsEntry("position", null);
		assertThat((Map<String, Object>) body.get("settings")).containsEntry("distanceUnit", "mile")
			.containsEntry("isOffline", false);
	}

	@Test
	void aMalformedUserIdIsA400Problem() throws Exception {
		HttpResponse<String> response = get(this.port, null, "/internal/export/not-a-uuid");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(object(response)).containsKey("code");
	}

}
