package com.bowwow.user.account;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.bowwow.common.events.StreamFields;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserEvents;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every account change reaches the user stream, in order, through the outbox. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class UserEventsPublishingTests extends HttpTestSupport {

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JsonMapper appJson;

	@LocalManagementPort
	int managementPort;

	@Test
	void registrationSettingsAndDeletionAreAnnouncedInOrder() throws Exception {
		Map<String, Object> user = body(
				register(deviceToken(), "{\"isOffline\":false,\"distanceUnit\":\"kilometer\"}"));
		UserId userId = UserId.parse((String) user.get("userID"));
		String settings = "/api/v1/users/" + userId + "/settings";
		send("PUT", settings, bearer(user), "{\"isOffline\":true}");
		// unchanged settings are not announced again
		send("PUT", settings, bearer(user), "{\"isOffline\":true,\"distanceUnit\":\"kilometer\"}");
		// neither is a repeated registration
		register((String) body(send("PUT", settings, bearer(user), "{\"isOffline\":true}")).get("deviceToken"), null);
		send("DELETE", "/api/v1/users/" + userId, bearer(user), null);

		await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(userId).size() >= 3);
		Thread.sleep(500);
		List<UserEvent> events = eventsOf(userId);
		assertThat(events).hasSize(3);
		assertThat(events.get(0)).isInstanceOfSatisfying(UserRegistered.class, (e) -> {
			assertThat(e.distanceUnit()).isEqualTo(DistanceUnit.KILOMETER);
			assertThat(e.isOffline()).isFalse();
		});
		assertThat(events.get(1)).isInstanceOfSatisfying(UserSettingsChanged.class, (e) -> {
			assertThat(e.distanceUnit()).isEqualTo(DistanceUnit.KILOMETER);
			assertThat(e.isOffline()).isTrue();
		});
		assertThat(events.get(2)).isInstanceOf(UserDeleted.class);
		assertThat(events).extracting(UserEvent::eventId).doesNotHaveDuplicates();
	}

	@Test
	void theOutboxBacklogIsAMetric() throws Exception {
		java.net.http.HttpResponse<String> response = this.http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.managementPort + "/actuator/prometheus"))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).contains("bowwow_events_outbox_backlog");
	}

	private List<UserEvent> eventsOf(UserId userId) {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.range(UserEvents.STREAM, Range.unbounded());
		return records.stream()
			.map((record) -> UserEvents.read(this.appJson, (String) record.getValue().get(StreamFields.TYPE),
					(String) record.getValue().get(StreamFields.PAYLOAD)))
			.flatMap(java.util.Optional::stream)
			.filter((event) -> event.userId().equals(userId))
			.toList();
	}

}
