package com.bowwow.signal.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /internal/export/{userID}}: the user's sent signals, receipts and responses
 * within retention, distances in their unit as shown, nobody else's data.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class ExportTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	KnownUsers users;

	@DynamicPropertySource
	static void locationService(DynamicPropertyRegistry registry) {
		registry.add("bowwow.signal.location-service-url", LocationServiceStandIn::url);
	}

	@Test
	@SuppressWarnings("unchecked")
	void theUsersOwnSignalsReceiptsAndResponsesInTheirUnit() throws Exception {
		UserId user = UserId.random();
		UserId other = UserId.random();
		UserId stranger = UserId.random();
		this.users.apply(user, new UserSettings(DistanceUnit.KILOMETER, false), Instant.now());
		Instant now = Instant.now();
		UUID mine = signal(user, "signal", null, now.minusSeconds(3600));
		receive(other, mine, 300, now.minusSeconds(3599));
		UUID theirs = signal(other, "signal", null, now.minus(Duration.ofDays(10)));
		receive(user, theirs, 1609.344, now.minus(Duration.ofDays(10)).plusSeconds(1));
		UUID answer = signal(user, "response", theirs, now.minus(Duration.ofDays(10)).plusSeconds(30));
		receive(other, answer, 1609.344, now.minus(Duration.ofDays(10)).plusSeconds(31));
		UUID tooOld = signal(user, "signal", null, now.minus(Duration.ofDays(31)));
		UUID strangers = signal(stranger, "signal", null, now.minusSeconds(60));
		receive(other, strangers, 100, now.minusSeconds(59));

		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/internal/export/" + user))
				// Only user-service may ask, with its service token.
				.header("Authorization",
						"Bearer " + com.bowwow.common.internal.ServiceTokens
							.development("user-service", java.time.Clock.systemUTC())
							.tokenFor("signal-service"))
				.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> document = this.json.readValue(response.body(), Map.class);
		assertThat(document).containsOnlyKeys("sent", "received", "responses");

		List<Map<String, Object>> sent = (List<Map<String, Object>>) document.get("sent");
		assertThat(sent).hasSize(1);
		assertThat(sent.get(0)).containsEntry("signalID", mine.toString())
			.containsEntry("maxDistance", 1.61)
			.containsEntry("unit", "kilometer")
			.containsEntry("receivedCount", 1)
			.containsEntry("responseCount", 0)
			.doesNotContainKey("receiverID");
		List<Map<String, Object>> received = (List<Map<String, Object>>) document.get("received");
		assertThat(received).hasSize(1);
		assertThat(received.get(0)).containsEntry("signalID", theirs.toString())
			.containsEntry("senderID", other.toString())
			.containsEntry("distance", 1.61)
			.containsEntry("unit", "kilometer")
			.containsEntry("direction", "N")
			.containsEntry("kind", "signal")
			.containsKey("id");
		assertThat((String) received.get(0).get("receivedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		List<Map<String, Object>> responses = (List<Map<String, Object>>) document.get("responses");
		assertThat(responses).hasSize(1);
		assertThat(responses.get(0)).containsEntry("signalID", answer.toString())
			.containsEntry("respondsTo", theirs.toString())
			.containsEntry("delivered", true);
		assertThat(response.body()).doesNotContain(tooOld.toString())
			.doesNotContain(strangers.toString())
			.doesNotContain(stranger.toString());
	}

	private UUID signal(UserId sender, String kind, UUID respondsTo, Instant sentAt) {
		UUID id = UUID.randomUUID();
		this.jdbc.update("""
				insert into signals (id, sender_id, kind, responds_to, sent_at, expires_at, max_distance_m, sender_unit,
				                     speed_mps)
				values (?, ?, ?, ?, ?, ?, 1609.344, 'mile', 1609.344)
				""", id, sender.value(), kind, respondsTo, Timestamp.from(sentAt),
				Timestamp.from(sentAt.plus(Duration.ofHours(1))));
		return id;
	}

	private void receive(UserId receiver, UUID signal, double meters, Instant at) {
		this.jdbc.update(
				"""
						insert into receipts (signal_id, receiver_id, sender_id, kind, distance_m, direction, due_at, received_at)
						select id, ?, sender_id, kind, ?, 'N', ?, ? from signals where id = ?
						""",
				receiver.value(), meters, Timestamp.from(at), Timestamp.from(at), signal);
	}

}
