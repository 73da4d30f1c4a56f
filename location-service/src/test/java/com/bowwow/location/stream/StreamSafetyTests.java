package com.bowwow.location.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.location.position.PositionStore;
import com.bowwow.location.position.StoredPosition;
import com.bowwow.location.settings.UserEventHandler;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The stream against the safety rules: offline subscribers, blocks, suspensions, the
 * circle that follows its subscriber, {@code location_removed} for every way of leaving,
 * subscribe floods and hostile messages. The safety read model is written here as
 * user-service writes it.
 */
class StreamSafetyTests extends LocationIntegrationTest {

	/** Paris, Hôtel de Ville. */
	private static final double LAT = 48.8566;

	private static final double LON = 2.3522;

	@Autowired
	private UserEventHandler userEvents;

	@Autowired
	private StreamFanout fanout;

	@Autowired
	private PositionStore positionStore;

	@Autowired
	private ConnectionRegistry registry;

	@Test
	void anOfflineSubscriberIsRefused() throws Exception {
		UserId watcher = UserId.random();
		this.userEvents.settingsChanged("e-off", watcher, DistanceUnit.MILE, true, this.clock.instant());
		try (StreamClient client = connect(watcher)) {
			client.send(subscribe(LAT, LON, 2));
			assertThat(client.next()).containsEntry("type", "error").containsEntry("code", "USER_OFFLINE");
			report(UserId.random(), LAT + 0.001, LON);
			assertNothingAbout(client, null);
		}
	}

	@Test
	void aSubscriberGoingOfflineIsToldOnceAndThenHearsNothing() throws Exception {
		UserId watcher = UserId.random();
		UserId mover = UserId.random();
		try (StreamClient client = connect(watcher)) {
			confirmed(client, subscribe(LAT, LON, 2));
			report(mover, LAT + 0.005, LON);
			client.next("location_update", mover);
			this.userEvents.settingsChanged("e-off", watcher, DistanceUnit.MILE, true, this.clock.instant());
			assertThat(client.next("error")).containsEntry("code", "USER_OFFLINE");
			report(mover, LAT + 0.006, LON, this.clock.instant().plusMillis(1));
			assertNothingAbout(client, null);
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void aBlockedPairNeverSeesEachOtherMoveInEitherDirection() throws Exception {
		UserId one = UserId.random();
		UserId other = UserId.random();
		UserId bystander = UserId.random();
		block(one, other);
		try (StreamClient oneClient = connect(one);
				StreamClient otherClient = connect(other);
				StreamClient bystanderClient = connect(bystander)) {
			confirmed(oneClient, subscribe(LAT, LON, 2));
			confirmed(otherClient, subscribe(LAT + 0.002, LON, 2));
			confirmed(bystanderClient, subscribe(LAT + 0.001, LON, 2));
			report(one, LAT, LON + 0.001, this.clock.instant().plusMillis(1));
			report(other, LAT + 0.002, LON + 0.001, this.clock.instant().plusMillis(1));
			// The bystander sees both; neither sees the other.
			bystanderClient.next("location_update", one);
			bystanderClient.next("location_update", other);
			assertNothingAbout(oneClient, other);
			assertNothingAbout(otherClient, one);
		}
	}

	@Test
	void aSuspendedSubscriberIsRefusedAndHearsNothing() throws Exception {
		UserId watcher = UserId.random();
		try (StreamClient client = connect(watcher)) {
			confirmed(client, subscribe(LAT, LON, 2));
			this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, watcher.toString());
			report(UserId.random(), LAT + 0.001, LON);
			assertNothingAbout(client, null);
			this.clock.advance(Duration.ofSeconds(1));
			client.send(subscribe(LAT, LON, 2));
			assertThat(client.next()).containsEntry("type", "error").containsEntry("code", "ACCOUNT_SUSPENDED");
		}
	}

	@Test
	void anUnreadableSafetyModelStreamsNothing() throws Exception {
		UserId watcher = UserId.random();
		UserId mover = UserId.random();
		try (StreamClient client = connect(watcher)) {
			confirmed(client, subscribe(LAT, LON, 2));
			this.redis.opsForValue().set(SafetyReads.blocksKey(mover), "corrupt");
			report(mover, LAT + 0.001, LON);
			assertNothingAbout(client, mover);
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void aCircleWaitsForTheSubscribersFirstPositionAndThenFollowsThem() throws Exception {
		UserId watcher = UserId.random();
		UserId mover = UserId.random();
		try (StreamClient client = connect(watcher)) {
			Map<String, Object> confirmed = confirmed(client, "{\"type\":\"subscribe\",\"radius\":1}");
			assertThat(confirmed.get("latitude")).isNull();
			assertThat(confirmed.get("longitude")).isNull();
			report(mover, LAT + 0.001, LON);
			assertNothingAbout(client, mover);
			// The watcher reports through the ordinary update: the circle is there.
			report(watcher, LAT, LON);
			// Pub/sub messages are handled concurrently: let the watcher's move land
			// first.
			awaitCentre(watcher, LAT);
			report(mover, LAT + 0.001, LON + 0.0001, this.clock.instant().plusMillis(1));
			client.next("location_update", mover);
			// 30 miles north: the mover is left behind, a user there is streamed.
			UserId there = UserId.random();
			report(watcher, LAT + 0.45, LON, this.clock.instant().plusSeconds(1));
			client.next("location_removed", mover);
			awaitCentre(watcher, LAT + 0.45);
			report(there, LAT + 0.451, LON, this.clock.instant().plusSeconds(1));
			client.next("location_update", there);
		}
	}

	@Test
	void aSuspendedUserIsNeverStreamedAndIsBackAfterTheLift() throws Exception {
		UserId watcher = UserId.random();
		UserId suspended = UserId.random();
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, suspended.toString());
		try (StreamClient client = connect(watcher)) {
			confirmed(client, subscribe(LAT, LON, 2));
			report(suspended, LAT + 0.001, LON);
			assertNothingAbout(client, suspended);
			this.redis.opsForSet().remove(SafetyReads.SUSPENDED_KEY, suspended.toString());
			report(suspended, LAT + 0.001, LON, this.clock.instant().plusMillis(1));
			client.next("location_update", suspended);
		}
	}

	@Test
	void locationRemovedWhenTheyMoveOutOrTheSubscriberMovesAwayOrNarrowsTheCircle() throws Exception {
		UserId watcher = UserId.random();
		UserId leaver = UserId.random();
		UserId stayer = UserId.random();
		try (StreamClient client = connect(watcher)) {
			confirmed(client, subscribe(LAT, LON, 2));
			report(leaver, LAT + 0.005, LON);
			report(stayer, LAT + 0.01, LON);
			client.next("location_update", leaver);
			client.next("location_update", stayer);

			report(leaver, LAT + 0.2, LON, this.clock.instant().plusSeconds(1));
			Map<String, Object> removed = client.next("location_removed", leaver);
			assertThat(removed.keySet()).containsExactlyInAnyOrder("type", "userID", "timestamp");

			// A narrower circle (0.3 mi): the stayer, about 0.7 mi away, leaves.
			confirmed(client, "{\"type\":\"subscribe\",\"radius\":0.3}");
			client.next("location_removed", stayer);
			report(stayer, LAT + 0.0005, LON, this.clock.instant().plusSeconds(2));
			client.next("location_update", stayer);

			// The subscriber walks 5 miles away: the stayer is out of their circle now.
			report(watcher, LAT + 0.07, LON, this.clock.instant().plusSeconds(3));
			client.next("location_removed", stayer);
		}
	}

	@Test
	void locationRemovedWhenTheyGoOfflineOrAreDeletedOrTheirPositionExpires() throws Exception {
		UserId watcher = UserId.random();
		UserId offline = UserId.random();
		UserId deleted = UserId.random();
		UserId expiring = UserId.random();
		try (StreamClient client = connect(watcher)) {
			confirmed(client, subscribe(LAT, LON, 2));
			report(offline, LAT + 0.001, LON);
			report(deleted, LAT + 0.002, LON);
			report(expiring, LAT + 0.003, LON);
			client.next("location_update", offline);
			client.next("location_update", deleted);
			client.next("location_update", expiring);

			this.userEvents.settingsChanged("e-off", offline, DistanceUnit.MILE, true, this.clock.instant());
			client.next("location_removed", offline);
			this.userEvents.userDeleted("e-del", deleted, this.clock.instant());
			client.next("location_removed", deleted);

			this.fanout.removeExpired();
			client.roundTrip();
			assertThat(client.poll(Duration.ofMillis(200))).isNull();
			this.clock.advance(Duration.ofHours(24).plusSeconds(1));
			this.fanout.removeExpired();
			client.next("location_removed", expiring);
		}
	}

	@Test
	void locationRemovedOnBothSidesOfABlockAndWhenSomeoneIsSuspended() throws Exception {
		UserId one = UserId.random();
		UserId other = UserId.random();
		UserId suspended = UserId.random();
		try (StreamClient oneClient = connect(one);
				StreamClient otherClient = connect(other);
				StreamClient suspendedClient = connect(suspended)) {
			confirmed(oneClient, subscribe(LAT, LON, 2));
			confirmed(otherClient, subscribe(LAT + 0.003, LON, 2));
			confirmed(suspendedClient, subscribe(LAT + 0.006, LON, 2));
			oneClient.next("location_update", other);
			oneClient.next("location_update", suspended);
			otherClient.next("location_update", suspended);
			report(one, LAT, LON + 0.0001, this.clock.instant().plusMillis(1));
			otherClient.next("location_update", one);

			// user-service writes the model, then its event arrives.
			block(one, other);
			this.userEvents.usersSeparated("e-block", one, other);
			oneClient.next("location_removed", other);
			otherClient.next("location_removed", one);

			this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, suspended.toString());
			this.userEvents.userSuspended("e-susp", suspended);
			oneClient.next("location_removed", suspended);
			otherClient.next("location_removed", suspended);
			assertThat(suspendedClient.closeCode()).isEqualTo(1008);
		}
	}

	@Test
	void subscribeCoordinatesAreTheSubscribersPositionUpdateAndNeverACentreElsewhere() throws Exception {
		UserId watcher = UserId.random();
		UserId nearClaim = UserId.random();
		UserId nearTruth = UserId.random();
		UserId observer = UserId.random();
		try (StreamClient client = connect(watcher); StreamClient observerClient = connect(observer)) {
			confirmed(observerClient, subscribe(LAT, LON, 2));
			// Stored as the watcher's position (timestamp now), seen by others like any
			// update, and it centres the circle.
			Map<String, Object> confirmed = confirmed(client, subscribe(LAT + 0.002, LON, 2));
			assertThat(((Number) confirmed.get("latitude")).doubleValue()).isCloseTo(LAT + 0.002, within(1e-9));
			StoredPosition stored = this.positionStore.find(watcher, Instant.EPOCH).orElseThrow();
			assertThat(stored.coordinates().latitude()).isCloseTo(LAT + 0.002, within(1e-9));
			assertThat(stored.reportedAt()).isCloseTo(this.clock.instant(),
					within(1, java.time.temporal.ChronoUnit.MILLIS));
			observerClient.next("location_update", watcher);

			// The watcher's newest position is 50 s ahead (phone clock): coordinates
			// claimed
			// now, 30 miles away, are an older update, ignored, and never a centre.
			report(watcher, LAT, LON, this.clock.instant().plusSeconds(50));
			this.clock.advance(Duration.ofSeconds(1));
			confirmed = confirmed(client, subscribe(LAT + 0.45, LON, 2));
			assertThat(((Number) confirmed.get("latitude")).doubleValue()).isCloseTo(LAT, within(1e-9));
			assertThat(this.positionStore.find(watcher, Instant.EPOCH).orElseThrow().coordinates().latitude())
				.isCloseTo(LAT, within(1e-9));
			report(nearClaim, LAT + 0.45, LON + 0.001);
			report(nearTruth, LAT + 0.001, LON + 0.001);
			client.next("location_update", nearTruth);
			assertNothingAbout(client, nearClaim);
		}
	}

	@Test
	void subscribesAreLimitedPerUserBeforeAnythingIsReadOrStored() throws Exception {
		UserId watcher = UserId.random();
		try (StreamClient client = connect(watcher)) {
			for (int i = 0; i < 3; i++) {
				confirmed(client, subscribe(LAT + i * 0.001, LON, 2));
				this.clock.advance(Duration.ofMillis(1));
			}
			client.send(subscribe(LAT + 0.1, LON, 2));
			Map<String, Object> limited = client.next();
			assertThat(limited).containsEntry("type", "error").containsEntry("code", "RATE_LIMITED");
			// Nothing of the refused subscribe was stored.
			assertThat(this.positionStore.find(watcher, Instant.EPOCH).orElseThrow().coordinates().latitude())
				.isCloseTo(LAT + 0.002, within(1e-9));
			// 6 a minute: one more after 10 s.
			this.clock.advance(Duration.ofSeconds(10));
			confirmed(client, subscribe(LAT + 0.003, LON, 2));
			assertThat(client.isClosed()).isFalse();
		}
	}

	@Test
	void hostileSubscribesGetAClientErrorAndTheSocketStaysOpen() throws Exception {
		UserId watcher = UserId.random();
		List<String> hostile = new ArrayList<>(List.of("{\"type\":\"subscribe\",\"latitude\":NaN,\"longitude\":0}",
				"{\"type\":\"subscribe\",\"latitude\":\"NaN\",\"longitude\":0}",
				"{\"type\":\"subscribe\",\"latitude\":1e400,\"longitude\":0}",
				"{\"type\":\"subscribe\",\"latitude\":-1e400,\"longitude\":0}",
				"{\"type\":\"subscribe\",\"latitude\":90.0000001,\"longitude\":0}",
				"{\"type\":\"subscribe\",\"latitude\":0,\"longitude\":-180.5}",
				"{\"type\":\"subscribe\",\"latitude\":0}", "{\"type\":\"subscribe\",\"longitude\":0}",
				"{\"type\":\"subscribe\",\"latitude\":[1],\"longitude\":{\"a\":1}}",
				"{\"type\":\"subscribe\",\"latitude\":true,\"longitude\":false}",
				"{\"type\":\"subscribe\",\"radius\":\"far\"}", "{\"type\":\"subscribe\",\"radius\":1e400}",
				"{\"type\":\"subscribe\",\"radius\":0}", "{\"type\":\"subscribe\",\"radius\":-5}",
				"{\"type\":\"subscribe\",\"radius\":[]}", "{\"type\":\"subscribe\",\"userID\":42}",
				"{\"type\":\"subscribe\",\"userID\":\"../../etc\"}", "{\"type\":\"subscribe\",\"userID\":{}}",
				"{\"type\":\"subscribe\",\"userID\":\"" + UserId.random() + "\"}", "{\"type\":7}", "{\"type\":null}",
				"{\"type\":\"subscribe\"", "null", "\"subscribe\"", "{}",
				"{\"type\":\"subscribe\",\"latitude\":" + "9".repeat(300) + ",\"longitude\":0}"));
		try (StreamClient client = connect(watcher)) {
			for (String message : hostile) {
				client.send(message);
				Map<String, Object> answer = client.next();
				assertThat(answer).as(message).containsEntry("type", "error");
				assertThat((String) answer.get("code")).as(message)
					.isIn("VALIDATION_FAILED", "INVALID_MESSAGE", "UNKNOWN_TYPE", "FORBIDDEN");
			}
			// None of them stored anything or used a subscribe token.
			assertThat(this.positionStore.find(watcher, Instant.EPOCH)).isEmpty();
			confirmed(client, subscribe(LAT, LON, 2));
			assertThat(client.isClosed()).isFalse();
		}
	}

	private StreamClient connect(UserId user) throws Exception {
		return StreamClient.connect(this.port, TestTokens.bearer(user));
	}

	private static String subscribe(double latitude, double longitude, double radius) {
		return "{\"type\":\"subscribe\",\"latitude\":%s,\"longitude\":%s,\"radius\":%s}".formatted(latitude, longitude,
				radius);
	}

	private static Map<String, Object> confirmed(StreamClient client, String subscribe) throws Exception {
		client.send(subscribe);
		return client.next("subscription_confirmed");
	}

	/**
	 * Nothing about the user (anyone when null) arrives: a marker message the server
	 * sends after, and a short grace for pub/sub.
	 */
	private static void assertNothingAbout(StreamClient client, UserId user) throws Exception {
		client.roundTrip();
		Map<String, Object> late;
		while ((late = client.poll(Duration.ofMillis(400))) != null) {
			if (user == null) {
				assertThat(late).as("nothing expected").isNull();
			}
			assertThat(late.get("userID")).as("a message about a hidden user: %s", late).isNotEqualTo(user.toString());
		}
	}

	private void awaitCentre(UserId watcher, double latitude) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.registry.forUser(watcher)
			.stream()
			.map(StreamConnection::subscription)
			.noneMatch((s) -> s != null && s.center() != null && s.center().latitude() == latitude)) {
			assertThat(System.nanoTime()).as("the circle did not move").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private void block(UserId blocker, UserId blocked) {
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocker), blocked.toString());
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocked), blocker.toString());
	}

}
