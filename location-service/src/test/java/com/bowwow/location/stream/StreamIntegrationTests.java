package com.bowwow.location.stream;

import java.net.http.HttpClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.location.api.UserMessages;
import com.bowwow.location.settings.UserEventHandler;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StreamIntegrationTests extends LocationIntegrationTest {

	@Autowired
	private UserEventHandler userEvents;

	@Autowired
	private ConnectionRegistry registry;

	@Autowired
	private JsonMapper json;

	@Test
	void subscriberSeesNeighboursMoveAsDistanceAndDirectionOnly() throws Exception {
		UserId watcher = UserId.random();
		UserId mover = UserId.random();
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(watcher))) {
			client.send("{\"type\":\"subscribe\",\"latitude\":40.758,\"longitude\":-73.9855,\"radius\":2,\"userID\":\""
					+ watcher + "\"}");
			Map<String, Object> confirmed = client.next();
			assertThat(confirmed).containsEntry("type", "subscription_confirmed")
				.containsEntry("radius", 2.0)
				.containsEntry("unit", "mile")
				.containsKey("timestamp");

			report(mover, 40.7725, -73.9855); // 1 mile north
			Map<String, Object> update = client.next();
			assertThat(update).containsEntry("type", "location_update")
				.containsEntry("userID", mover.toString())
				.containsEntry("unit", "mile")
				.containsEntry("direction", CompassDirection.N.name())
				.containsKeys("timestamp", "lastSeen", "distance");
			// To the mover's cell centre (privacy rule), from the watcher's own position.
			assertThat(((Number) update.get("distance")).doubleValue())
				.isCloseTo(shown(40.758, -73.9855, 40.7725, -73.9855) / 1609.344, within(0.006));
			assertThat(update.keySet()).doesNotContain("latitude", "longitude");

			// Own moves, moves outside the circle and offline users are not streamed.
			report(watcher, 40.759, -73.9855);
			report(UserId.random(), 40.9, -73.9855);
			UserId hidden = UserId.random();
			this.userEvents.settingsChanged("e1", hidden, DistanceUnit.MILE, true, this.clock.instant());
			report(hidden, 40.7581, -73.9855);
			client.roundTrip();
			assertThat(client.poll(Duration.ofMillis(300))).isNull();

			client.send("{\"type\":\"unsubscribe\"}");
			client.roundTrip();
			report(mover, 40.7726, -73.9855);
			client.roundTrip();
			assertThat(client.poll(Duration.ofMillis(300))).isNull();
		}
	}

	@Test
	void kilometerSubscribersReadKilometersAndRadiusIsClamped() throws Exception {
		UserId watcher = UserId.random();
		this.userEvents.settingsChanged("e1", watcher, DistanceUnit.KILOMETER, false, this.clock.instant());
		try (StreamClient client = StreamClient.connectWithQueryToken(this.port, TestTokens.bearer(watcher))) {
			client.send("{\"type\":\"subscribe\",\"latitude\":40.758,\"longitude\":-73.9855,\"radius\":500}");
			assertThat(client.next()).containsEntry("radius", 16.0).containsEntry("unit", "kilometer");
			report(UserId.random(), 40.758, -73.9475);
			Map<String, Object> update = client.next("location_update");
			assertThat(update).containsEntry("unit", "kilometer").containsEntry("direction", "E");
			assertThat(((Number) update.get("distance")).doubleValue())
				.isCloseTo(shown(40.758, -73.9855, 40.758, -73.9475) / 1000, within(0.006));
		}
	}

	@Test
	void aUnitChangeAppliesToTheOpenSubscription() throws Exception {
		UserId watcher = UserId.random();
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(watcher))) {
			client.send("{\"type\":\"subscribe\",\"latitude\":40.758,\"longitude\":-73.9855,\"radius\":3}");
			assertThat(client.next()).containsEntry("unit", "mile");
			this.userEvents.settingsChanged("e-km", watcher, DistanceUnit.KILOMETER, false, this.clock.instant());
			UserId mover = UserId.random();
			// The change travels through Redis: wait until moves arrive in kilometers.
			Map<String, Object> update;
			int attempt = 0;
			do {
				report(mover, 40.758, -73.9475, this.clock.instant().plusMillis(++attempt));
				update = client.next("location_update");
			}
			while (!"kilometer".equals(update.get("unit")) && attempt < 50);
			assertThat(update).containsEntry("unit", "kilometer");
			assertThat(((Number) update.get("distance")).doubleValue())
				.isCloseTo(shown(40.758, -73.9855, 40.758, -73.9475) / 1000, within(0.006));
		}
	}

	@Test
	void aDeletedAccountLosesItsOpenStreams() throws Exception {
		UserId user = UserId.random();
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(user));
				StreamClient other = StreamClient.connect(this.port, TestTokens.bearer(UserId.random()))) {
			client.roundTrip();
			other.roundTrip();
			this.userEvents.userDeleted("e-del", user, this.clock.instant());
			assertThat(client.closeCode()).isEqualTo(1008);
			other.roundTrip();
			assertThat(other.isClosed()).isFalse();
		}
	}

	@Test
	void invalidMessagesGetAnErrorAndTheSocketStaysUsable() throws Exception {
		UserId watcher = UserId.random();
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(watcher))) {
			client.send("not json");
			assertThat(client.next()).containsEntry("type", "error").containsEntry("code", "INVALID_MESSAGE");
			client.send("[1,2]");
			assertThat(client.next()).containsEntry("code", "INVALID_MESSAGE");
			client.send("{\"type\":\"dance\"}");
			assertThat(client.next()).containsEntry("code", "UNKNOWN_TYPE");
			client.send("{\"type\":\"subscribe\",\"latitude\":95,\"longitude\":0}");
			assertThat(client.next()).containsEntry("code", "VALIDATION_FAILED");
			client.send("{\"type\":\"subscribe\",\"latitude\":\"1\",\"longitude\":0}");
			assertThat(client.next()).containsEntry("code", "VALIDATION_FAILED");
			client.send("{\"type\":\"subscribe\",\"latitude\":1,\"longitude\":0,\"radius\":-3}");
			assertThat(client.next()).containsEntry("code", "VALIDATION_FAILED");
			client
				.send("{\"type\":\"subscribe\",\"latitude\":1,\"longitude\":0,\"userID\":\"" + UserId.random() + "\"}");
			Map<String, Object> forbidden = client.next();
			assertThat(forbidden).containsEntry("code", "FORBIDDEN").containsKeys("message", "timestamp");
			client.send("{\"type\":\"ping\"}");
			assertThat(client.next()).containsEntry("type", "pong");
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void upgradesWithoutAValidTokenAreRefused() {
		for (String token : List.of("garbage", TestTokens.expired(UserId.random()),
				TestTokens.signedByUnknownKey(UserId.random()))) {
			assertThatThrownBy(() -> HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.header("Authorization", "Bearer " + token)
				.buildAsync(URI.create("ws://localhost:" + this.port + "/api/v1/locations/stream"),
						new java.net.http.WebSocket.Listener() {
						})
				.get(10, TimeUnit.SECONDS)).rootCause().hasMessageContaining("status code 401");
		}
		assertThatThrownBy(() -> HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/api/v1/locations/stream"),
					new java.net.http.WebSocket.Listener() {
					})
			.get(10, TimeUnit.SECONDS)).rootCause().hasMessageContaining("status code 401");
	}

	@Test
	void signalsAddressedToAUserReachTheirConnections() throws Exception {
		UserId receiver = UserId.random();
		UserId sender = UserId.random();
		UUID signalId = UUID.randomUUID();
		try (StreamClient first = StreamClient.connect(this.port, TestTokens.bearer(receiver));
				StreamClient second = StreamClient.connect(this.port, TestTokens.bearer(receiver));
				StreamClient bystander = StreamClient.connect(this.port, TestTokens.bearer(UserId.random()))) {
			first.roundTrip();
			second.roundTrip();
			bystander.roundTrip();
			this.redis.convertAndSend(UserMessages.channelOf(receiver),
					this.json.writeValueAsString(new UserMessages.SignalReceived(receiver, signalId, sender, 0.3,
							DistanceUnit.MILE, CompassDirection.NE, SignalKind.SIGNAL)));
			for (StreamClient client : List.of(first, second)) {
				Map<String, Object> message = client.next();
				assertThat(message).containsEntry("type", "signal_received")
					.containsEntry("signalID", signalId.toString())
					.containsEntry("senderID", sender.toString())
					.containsEntry("distance", 0.3)
					.containsEntry("unit", "mile")
					.containsEntry("direction", "NE")
					.containsEntry("kind", "signal")
					.containsKey("timestamp")
					.doesNotContainKey("receiverID");
			}
			bystander.roundTrip();
			assertThat(bystander.poll(Duration.ofMillis(200))).isNull();
			// During a rolling deploy an older signal-service still publishes on the one
			// shared channel.
			this.redis.convertAndSend(StreamFanout.SHARED_USER_MESSAGES_CHANNEL,
					this.json.writeValueAsString(new UserMessages.SignalReceived(receiver, signalId, sender, 0.3,
							DistanceUnit.MILE, CompassDirection.NE, SignalKind.SIGNAL)));
			for (StreamClient client : List.of(first, second)) {
				assertThat(client.next()).containsEntry("type", "signal_received")
					.containsEntry("signalID", signalId.toString());
			}
			// Unknown types are not relayed.
			this.redis.convertAndSend(UserMessages.channelOf(receiver),
					"{\"type\":\"shutdown\",\"receiverID\":\"" + receiver + "\"}");
			first.roundTrip();
			assertThat(first.poll(Duration.ofMillis(200))).isNull();
		}
	}

	@Test
	void aUserBeyondTheConnectionCapLosesTheirOldestConnection() throws Exception {
		UserId user = UserId.random();
		List<StreamClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(user));
				client.roundTrip();
				clients.add(client);
			}
			StreamClient sixth = StreamClient.connect(this.port, TestTokens.bearer(user));
			clients.add(sixth);
			assertThat(clients.get(0).next()).containsEntry("type", "error")
				.containsEntry("code", "TOO_MANY_CONNECTIONS");
			assertThat(clients.get(0).closeCode()).isEqualTo(1008);
			sixth.roundTrip();
			for (StreamClient other : clients.subList(1, 6)) {
				assertThat(other.isClosed()).isFalse();
			}
			assertThat(this.registry.forUser(user)).hasSize(5);
		}
		finally {
			clients.forEach(StreamClient::close);
		}
	}

	@Test
	void silentConnectionsAreClosedByTheHeartbeat() throws Exception {
		UserId user = UserId.random();
		try (StreamClient silent = StreamClient.connect(this.port, TestTokens.bearer(user))) {
			silent.roundTrip();
			this.registry.heartbeat();
			assertThat(silent.isClosed()).isFalse();
			this.clock.advance(Duration.ofSeconds(61));
			Instant before = Instant.now();
			this.registry.heartbeat();
			assertThat(silent.closeCode()).isEqualTo(1001);
			assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(10));
			assertThat(this.registry.forUser(user)).isEmpty();
		}
	}

	private static double shown(double fromLatitude, double fromLongitude, double latitude, double longitude) {
		return PrivacyGrid.shownDistanceMeters(Coordinates.of(fromLatitude, fromLongitude),
				Coordinates.of(latitude, longitude));
	}

}
