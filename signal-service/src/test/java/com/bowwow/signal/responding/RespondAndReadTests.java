package com.bowwow.signal.responding;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.LocationServiceStandIn;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
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
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.within;

/**
 * A signal is sent, received, read back and answered over real HTTP, against real
 * PostgreSQL and Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class RespondAndReadTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	JsonMapper json;

	@Autowired
	KnownUsers users;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void nobodyAround() {
		LocationServiceStandIn.clear();
	}

	@DynamicPropertySource
	static void locationService(DynamicPropertyRegistry registry) {
		registry.add("bowwow.signal.location-service-url", LocationServiceStandIn::url);
	}

	@Test
	void receiversReadTheSignalInTheirUnitAndTheSenderReadsTheCounts() throws Exception {
		UserId sender = UserId.random();
		UserId mileReceiver = UserId.random();
		UserId kilometerReceiver = UserId.random();
		this.users.apply(kilometerReceiver, new UserSettings(DistanceUnit.KILOMETER, false), Instant.now());
		LocationServiceStandIn.place(mileReceiver, 0.2, 90);
		LocationServiceStandIn.place(kilometerReceiver, 0.3, 0);
		UUID signalId = send(sender);
		awaitReceipt(signalId, mileReceiver);
		awaitReceipt(signalId, kilometerReceiver);

		List<Map<?, ?>> received = list(get("/api/v1/signals/received/" + mileReceiver, mileReceiver));
		assertThat(received).hasSize(1);
		Map<?, ?> entry = received.get(0);
		assertThat(entry.get("signalID")).isEqualTo(signalId.toString());
		assertThat(entry.get("senderID")).isEqualTo(sender.toString());
		assertThat((Double) entry.get("distance")).isCloseTo(0.2, within(0.01));
		assertThat(entry.get("unit")).isEqualTo("mile");
		assertThat(entry.get("direction")).isEqualTo("W");
		assertThat(entry.get("status")).isEqualTo("active");
		assertThat(entry.get("kind")).isEqualTo("signal");
		assertThat(entry.get("responded")).isEqualTo(false);
		assertThat((String) entry.get("receivedAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

		Map<?, ?> inKilometers = list(get("/api/v1/signals/received/" + kilometerReceiver, kilometerReceiver)).get(0);
		assertThat(inKilometers.get("unit")).isEqualTo("kilometer");
		assertThat((Double) inKilometers.get("distance")).isCloseTo(0.48, within(0.01));
		assertThat(inKilometers.get("direction")).isEqualTo("S");

		// Counted only once the front has passed everyone it may reach (location
		// privacy).
		await().atMost(Duration.ofSeconds(15))
			.until(() -> list(get("/api/v1/signals/sent/" + sender, sender)).get(0).get("receivedCount"),
					(count) -> Integer.valueOf(2).equals(count));
		List<Map<?, ?>> sent = list(get("/api/v1/signals/sent/" + sender, sender));
		assertThat(sent).hasSize(1);
		assertThat(sent.get(0).get("responseCount")).isEqualTo(0);
		assertThat(sent.get(0).get("kind")).isEqualTo("signal");

		problem(get("/api/v1/signals/received/" + mileReceiver, sender), 403, "FORBIDDEN");
	}

	@Test
	void aResponseTravelsToTheSendersCurrentPositionOnceOnly() throws Exception {
		UserId sender = UserId.random();
		UserId responder = UserId.random();
		Coordinates responderAt = LocationServiceStandIn.place(responder, 0.5, 90);
		UUID signalId = send(sender);
		awaitReceipt(signalId, responder);
		// The sender walked a mile north since sending.
		Coordinates senderNow = LocationServiceStandIn.place(sender, 1.0, 0);

		HttpResponse<String> first = post("/api/v1/signals/" + signalId + "/respond", "{\"signalID\":\"" + signalId
				+ "\",\"userID\":\"" + responder + "\",\"respondedAt\":\"2026-11-26T12:00:00Z\"}", responder);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		Map<?, ?> response = this.json.readValue(first.body(), Map.class);
		assertThat(response.get("senderID")).isEqualTo(responder.toString());
		assertThat(response.get("status")).isEqualTo("active");
		assertThat(response.get("unit")).isEqualTo("mile");

		HttpResponse<String> again = post("/api/v1/signals/" + signalId + "/respond", "", responder);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(this.json.readValue(again.body(), Map.class).get("signalID")).isEqualTo(response.get("signalID"));

		UUID responseId = UUID.fromString((String) response.get("signalID"));
		awaitReceipt(responseId, sender);
		Map<?, ?> atSender = list(get("/api/v1/signals/received/" + sender, sender)).get(0);
		assertThat(atSender.get("kind")).isEqualTo("response");
		assertThat(atSender.get("senderID")).isEqualTo(responder.toString());
		// From the sender's true position to the responder's cell centre: the sender
		// learns
		// the cell only.
		Coordinates responderCell = PrivacyGrid.snap(responderAt);
		assertThat((Double) atSender.get("distance")).isCloseTo(senderNow.distanceTo(responderCell).miles(),
				within(0.01));
		assertThat(atSender.get("direction")).isEqualTo(senderNow.directionTo(responderCell).name());

		Map<?, ?> atResponder = list(get("/api/v1/signals/received/" + responder, responder)).get(0);
		assertThat(atResponder.get("responded")).isEqualTo(true);
		assertThat(list(get("/api/v1/signals/sent/" + sender, sender)).get(0).get("responseCount")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from signals where responds_to = ?", Long.class, signalId))
			.isEqualTo(1);
	}

	@Test
	void withoutCurrentPositionsTheResponseRetracesTheSignalsPath() throws Exception {
		UserId sender = UserId.random();
		UserId responder = UserId.random();
		Coordinates responderAt = LocationServiceStandIn.place(responder, 0.4, 180);
		UUID signalId = send(sender);
		awaitReceipt(signalId, responder);
		LocationServiceStandIn.remove(responder);

		HttpResponse<String> response = post("/api/v1/signals/" + signalId + "/respond", "", responder);
		assertThat(response.statusCode()).isEqualTo(201);
		UUID responseId = UUID.fromString((String) this.json.readValue(response.body(), Map.class).get("signalID"));
		awaitReceipt(responseId, sender);
		Map<?, ?> atSender = list(get("/api/v1/signals/received/" + sender, sender)).get(0);
		// Back along the path between cell centres: from the origin to the responder's
		// cell
		// (the responder stood south of the origin: the sender hears the answer from the
		// south), never the responder's true distance.
		Coordinates responderCell = PrivacyGrid.snap(responderAt);
		assertThat((Double) atSender.get("distance"))
			.isCloseTo(LocationServiceStandIn.ORIGIN.distanceTo(responderCell).miles(), within(0.01));
		assertThat(atSender.get("direction")).isEqualTo("S");
	}

	@Test
	void respondRules() throws Exception {
		UserId sender = UserId.random();
		UserId receiver = UserId.random();
		LocationServiceStandIn.place(receiver, 0.1, 45);
		UUID signalId = send(sender);
		awaitReceipt(signalId, receiver);

		problem(post("/api/v1/signals/" + UUID.randomUUID() + "/respond", "", receiver), 404, "SIGNAL_NOT_FOUND");
		problem(post("/api/v1/signals/" + signalId + "/respond", "", UserId.random()), 403, "SIGNAL_NOT_RECEIVED");
		problem(post("/api/v1/signals/not-a-uuid/respond", "", receiver), 400, "INVALID_PARAMETER");

		this.jdbc.update("update signals set expires_at = now() - interval '1 second' where id = ?", signalId);
		problem(post("/api/v1/signals/" + signalId + "/respond", "", receiver), 410, "SIGNAL_EXPIRED");
		assertThat(list(get("/api/v1/signals/received/" + receiver, receiver)).get(0).get("status"))
			.isEqualTo("expired");
	}

	private UUID send(UserId sender) throws Exception {
		LocationServiceStandIn.place(sender, 0, 0);
		HttpResponse<String> response = post("/api/v1/signals",
				"{\"senderID\":\"" + sender + "\",\"location\":{\"latitude\":"
						+ LocationServiceStandIn.ORIGIN.latitude() + ",\"longitude\":"
						+ LocationServiceStandIn.ORIGIN.longitude() + "},\"maxDistance\":1}",
				sender);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return UUID.fromString((String) this.json.readValue(response.body(), Map.class).get("signalID"));
	}

	private void awaitReceipt(UUID signalId, UserId receiver) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from receipts where signal_id = ? and receiver_id = ?", Long.class, signalId,
					receiver.value()) == 1);
	}

	@SuppressWarnings("unchecked")
	private List<Map<?, ?>> list(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.json.readValue(response.body(), List.class);
	}

	private void problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(this.json.readValue(response.body(), Map.class).get("code")).isEqualTo(code);
	}

	private HttpResponse<String> get(String path, UserId caller) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.authorization(caller))
			.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body, UserId caller) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", TestTokens.authorization(caller));
		if (body.isEmpty()) {
			request.POST(BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json").POST(BodyPublishers.ofString(body));
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
