package com.bowwow.push.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.push.MockApns;
import com.bowwow.push.MockApns.Received;
import com.bowwow.push.MockApns.Verdict;
import com.bowwow.push.PushIntegrationTest;
import com.bowwow.push.UserServiceStandIn;
import com.bowwow.push.api.PushEvents;
import com.bowwow.signal.api.SignalEvents;
import com.eatthepath.pushy.apns.server.RejectionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Arrivals from the real stream to the mock APNs server and back into delivery records,
 * outcome events and metrics.
 */
class DeliveryTests extends PushIntegrationTest {

	@Test
	void anArrivalIsPushedWithTheContractsTextPayloadAndHeaders() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		double sent = count("bowwow.push.sent");
		SignalEvents.Delivery arrival = arrival(receiver, 0.3 * 1609.344, CompassDirection.NE);

		publish(arrivals(arrival));

		Delivery delivery = awaitFinal(receiver, arrival.signalId());
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(delivery.attempts()).isEqualTo(1);
		assertThat(delivery.unit()).isEqualTo("mile");
		assertThat(delivery.apnsId()).isNotNull();
		assertThat(MockApns.acceptedFor(token)).hasSize(1);
		Received push = MockApns.acceptedFor(token).get(0);
		assertThat(push.headers()).containsEntry("apns-push-type", "alert")
			.containsEntry("apns-priority", "10")
			.containsEntry("apns-topic", MockApns.TOPIC)
			.containsEntry("apns-collapse-id", arrival.signalId().toString())
			.containsEntry("apns-expiration", Long.toString(arrival.expiresAt().getEpochSecond()));
		Map<String, Object> payload = map(push.payload());
		// the English text, and the keys with which the app may localise it itself
		assertThat(payload.get("aps"))
			.isInstanceOfSatisfying(Map.class,
					(aps) -> assertThat(aps.get("alert")).isEqualTo(Map.of("title", "BowWow Signal!", "body",
							"0.3 mi NE", "title-loc-key", "BOWWOW_SIGNAL_TITLE", "loc-key", "BOWWOW_SIGNAL_BODY",
							"loc-args", List.of("0.3 mi", "NE"))));
		assertThat(payload).containsEntry("signalID", arrival.signalId().toString())
			.containsEntry("signal_id", arrival.signalId().toString())
			.containsEntry("senderID", arrival.senderId().toString())
			.containsEntry("direction", "NE")
			.containsEntry("kind", "signal")
			.containsEntry("unit", "mile")
			.containsEntry("distance", 0.3);
		assertThat(count("bowwow.push.sent")).isGreaterThan(sent);
		assertThat(this.meters.find("bowwow.push.apns.latency").timer().count()).isPositive();
		await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes()).anySatisfy((outcome) -> {
			assertThat(outcome.receiverId()).isEqualTo(receiver);
			assertThat(outcome.signalId()).isEqualTo(arrival.signalId());
			assertThat(outcome.kind()).isEqualTo(SignalKind.SIGNAL);
			assertThat(outcome.outcome()).isEqualTo(PushEvents.Outcome.SENT);
			assertThat(outcome.attempts()).isEqualTo(1);
		}));
	}

	@Test
	void aKilometerUserReadsMetresAndAResponseSaysSomeoneAnswered() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token, DistanceUnit.KILOMETER, false);
		SignalEvents.Delivery response = arrival(UUID.randomUUID(), receiver, SignalKind.RESPONSE, 80,
				CompassDirection.SW, Instant.now().plusSeconds(600));

		publish(arrivals(response));

		assertThat(awaitFinal(receiver, response.signalId()).status()).isEqualTo(DeliveryStatus.SENT);
		Map<String, Object> payload = map(MockApns.acceptedFor(token).get(0).payload());
		assertThat(((Map<?, ?>) payload.get("aps")).get("alert")).isEqualTo(
				Map.of("title", "BowWow Signal!", "body", "Someone answered your signal: 80 m SW", "title-loc-key",
						"BOWWOW_SIGNAL_TITLE", "loc-key", "BOWWOW_RESPONSE_BODY", "loc-args", List.of("80 m", "SW")));
		assertThat(payload).containsEntry("kind", "response").containsEntry("unit", "kilometer");
	}

	@Test
	void aKoreanUserReadsKoreanAndTheAppGetsItsKeysAndBothSignalIdKeys() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token, DistanceUnit.KILOMETER, false, "ko");
		SignalEvents.Delivery arrival = arrival(UUID.randomUUID(), receiver, SignalKind.SIGNAL, 2400,
				CompassDirection.NE, Instant.now().plusSeconds(600));
		SignalEvents.Delivery response = arrival(UUID.randomUUID(), receiver, SignalKind.RESPONSE, 80,
				CompassDirection.SW, Instant.now().plusSeconds(600));

		publish(arrivals(arrival, response));

		assertThat(awaitFinal(receiver, arrival.signalId()).status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(awaitFinal(receiver, response.signalId()).status()).isEqualTo(DeliveryStatus.SENT);
		List<Map<String, Object>> pushes = MockApns.acceptedFor(token)
			.stream()
			.map((push) -> map(push.payload()))
			.toList();
		Map<String, Object> signalPush = pushes.stream()
			.filter((push) -> arrival.signalId().toString().equals(push.get("signal_id")))
			.findFirst()
			.orElseThrow();
		assertThat(((Map<?, ?>) signalPush.get("aps")).get("alert"))
			.isEqualTo(Map.of("title", "BowWow 신호!", "body", "북동쪽 2.4 km", "title-loc-key", "BOWWOW_SIGNAL_TITLE",
					"loc-key", "BOWWOW_SIGNAL_BODY", "loc-args", List.of("2.4 km", "NE")));
		assertThat(signalPush).containsEntry("signalID", arrival.signalId().toString())
			.containsEntry("direction", "NE")
			.containsEntry("language", "ko");
		Map<String, Object> responsePush = pushes.stream()
			.filter((push) -> response.signalId().toString().equals(push.get("signal_id")))
			.findFirst()
			.orElseThrow();
		assertThat(((Map<?, ?>) responsePush.get("aps")).get("alert"))
			.isEqualTo(Map.of("title", "BowWow 신호!", "body", "누군가 내 신호에 응답했어요: 남서쪽 80 m", "title-loc-key",
					"BOWWOW_SIGNAL_TITLE", "loc-key", "BOWWOW_RESPONSE_BODY", "loc-args", List.of("80 m", "SW")));
	}

	@Test
	void anUnknownOrAbsentLanguageIsEnglish() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token, DistanceUnit.MILE, false, "xx");
		SignalEvents.Delivery arrival = arrival(receiver, 0.3 * 1609.344, CompassDirection.NE);
		publish(arrivals(arrival));
		assertThat(awaitFinal(receiver, arrival.signalId()).status()).isEqualTo(DeliveryStatus.SENT);
		Map<String, Object> payload = map(MockApns.acceptedFor(token).get(0).payload());
		assertThat(((Map<?, ?>) ((Map<?, ?>) payload.get("aps")).get("alert")).get("body")).isEqualTo("0.3 mi NE");
		assertThat(payload).containsEntry("language", "en");
	}

	@Test
	void aRedeliveredEventIsSentOnce() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		SignalEvents.ArrivalsDelivered event = arrivals(arrival(receiver, 500, CompassDirection.S));
		UUID signal = event.deliveries().get(0).signalId();

		publish(event);
		publish(event);
		// a later event for someone else, to know both copies were consumed
		String markerToken = MockApns.newDeviceToken();
		UserId marker = UserServiceStandIn.user(markerToken);
		SignalEvents.Delivery markerArrival = arrival(marker, 500, CompassDirection.S);
		publish(arrivals(markerArrival));

		assertThat(awaitFinal(receiver, signal).status()).isEqualTo(DeliveryStatus.SENT);
		awaitFinal(marker, markerArrival.signalId());
		assertThat(MockApns.requestsFor(token)).isEqualTo(1);
		assertThat(this.deliveries.search(receiver, null, null, 10)).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource(value = RejectionReason.class, names = { "BAD_DEVICE_TOKEN", "DEVICE_TOKEN_NOT_FOR_TOPIC" })
	void aRefusedTokenIsRejectedAndReportedDead(RejectionReason reason) {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		MockApns.answer(token, Verdict.reject(reason));
		SignalEvents.Delivery arrival = arrival(receiver, 1000, CompassDirection.W);

		publish(arrivals(arrival));

		Delivery delivery = awaitFinal(receiver, arrival.signalId());
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.REJECTED);
		String apnsReason = (reason == RejectionReason.BAD_DEVICE_TOKEN) ? "BadDeviceToken" : "DeviceTokenNotForTopic";
		assertThat(delivery.reason()).isEqualTo(apnsReason);
		assertThat(MockApns.requestsFor(token)).as("never retried").isEqualTo(1);
		await().atMost(WAIT).until(() -> !UserServiceStandIn.deadTokenReports(receiver).isEmpty());
		assertThat(UserServiceStandIn.deadTokenReports(receiver)).singleElement().satisfies((report) -> {
			assertThat(report.deviceToken()).isEqualTo(token);
			assertThat(report.contentType()).startsWith("application/json");
		});
		assertThat(count("bowwow.push.rejected", "reason", apnsReason)).isPositive();
	}

	@Test
	void anUnregisteredTokenIsRejectedReportedDeadAndNeverUsedAgain() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		MockApns.answer(token, Verdict.unregistered());
		SignalEvents.Delivery first = arrival(receiver, 1000, CompassDirection.W);

		publish(arrivals(first));

		Delivery delivery = awaitFinal(receiver, first.signalId());
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.REJECTED);
		assertThat(delivery.reason()).isEqualTo("Unregistered");
		await().atMost(WAIT).until(() -> !UserServiceStandIn.deadTokenReports(receiver).isEmpty());

		// user-service now says the token is dead: the next signal is skipped, APNs not
		// called
		SignalEvents.Delivery second = arrival(receiver, 1000, CompassDirection.W);
		publish(arrivals(second));
		Delivery skipped = awaitFinal(receiver, second.signalId());
		assertThat(skipped.status()).isEqualTo(DeliveryStatus.SKIPPED);
		assertThat(skipped.reason()).isEqualTo("dead_token");
		assertThat(MockApns.requestsFor(token)).isEqualTo(1);
	}

	@Test
	void aBatchOfArrivalsAsksUserServiceOnceForAllItsReceivers() {
		List<UserId> receivers = new java.util.ArrayList<>();
		List<SignalEvents.Delivery> batch = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			UserId receiver = UserServiceStandIn.user(MockApns.newDeviceToken());
			receivers.add(receiver);
			batch.add(arrival(receiver, 100 * (i + 1), CompassDirection.N));
		}

		publish(arrivals(batch.toArray(SignalEvents.Delivery[]::new)));

		for (int i = 0; i < receivers.size(); i++) {
			assertThat(awaitFinal(receivers.get(i), batch.get(i).signalId()).status()).isEqualTo(DeliveryStatus.SENT);
		}
		List<UserServiceStandIn.Lookup> lookups = UserServiceStandIn.lookupsOf(receivers.get(0));
		assertThat(lookups).singleElement().satisfies((lookup) -> {
			assertThat(lookup.batch()).isTrue();
			assertThat(lookup.users()).containsExactlyInAnyOrderElementsOf(receivers);
		});
	}

	@Test
	void offlineDeletedAndExpiredReceiversAreSkipped() {
		String offlineToken = MockApns.newDeviceToken();
		UserId offline = UserServiceStandIn.user(offlineToken, DistanceUnit.MILE, true);
		String deletedToken = MockApns.newDeviceToken();
		UserId deleted = UserServiceStandIn.user(deletedToken);
		UserServiceStandIn.delete(deleted);
		String lateToken = MockApns.newDeviceToken();
		UserId late = UserServiceStandIn.user(lateToken);
		SignalEvents.Delivery toOffline = arrival(offline, 100, CompassDirection.N);
		SignalEvents.Delivery toDeleted = arrival(deleted, 100, CompassDirection.N);
		SignalEvents.Delivery expired = arrival(UUID.randomUUID(), late, SignalKind.SIGNAL, 100, CompassDirection.N,
				Instant.now().minusSeconds(1));
		double offlineSkips = count("bowwow.push.skipped", "reason", "offline");

		publish(arrivals(toOffline, toDeleted, expired));

		assertThat(awaitFinal(offline, toOffline.signalId())).satisfies((d) -> {
			assertThat(d.status()).isEqualTo(DeliveryStatus.SKIPPED);
			assertThat(d.reason()).isEqualTo("offline");
		});
		assertThat(awaitFinal(deleted, toDeleted.signalId()).reason()).isEqualTo("deleted");
		assertThat(awaitFinal(late, expired.signalId()).reason()).isEqualTo("expired");
		assertThat(MockApns.requestsFor(offlineToken) + MockApns.requestsFor(deletedToken)
				+ MockApns.requestsFor(lateToken))
			.isZero();
		assertThat(count("bowwow.push.skipped", "reason", "offline")).isGreaterThan(offlineSkips);
	}

	@Test
	void transientRejectionsAreRetriedUntilTheyGoThrough() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		MockApns.answer(token, Verdict.reject(RejectionReason.TOO_MANY_REQUESTS));
		SignalEvents.Delivery arrival = arrival(receiver, 1000, CompassDirection.E);
		double retried = count("bowwow.push.retried");

		publish(arrivals(arrival));

		await().atMost(WAIT).until(() -> MockApns.requestsFor(token) >= 1);
		MockApns.answer(token, Verdict.ACCEPT);
		Delivery delivery = awaitFinal(receiver, arrival.signalId());
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(delivery.attempts()).isGreaterThanOrEqualTo(2);
		assertThat(count("bowwow.push.retried")).isGreaterThan(retried);
	}

	@Test
	void pushesWhileApnsIsDownGoOutOnceItIsBack() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		SignalEvents.Delivery arrival = arrival(receiver, 1000, CompassDirection.E);
		MockApns.stop();
		try {
			publish(arrivals(arrival));
			Delivery failed = await().atMost(WAIT)
				.until(() -> find(receiver, arrival.signalId()), (d) -> d != null && d.attempts() >= 1);
			assertThat(failed.status()).isEqualTo(DeliveryStatus.PENDING);
			assertThat(failed.lastError()).isNotBlank();
		}
		finally {
			MockApns.start();
		}
		Delivery delivery = awaitFinal(receiver, arrival.signalId());
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(MockApns.acceptedFor(token)).hasSize(1);
	}

	@Test
	void aPushWhoseInstanceDiedMidAttemptIsTakenOverOnceTheLeaseRunsOut() {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		SignalEvents.Delivery arrival = arrival(receiver, 1000, CompassDirection.E);
		Instant now = Instant.now();
		// queued and leased by an instance that crashed before attempting it
		Delivery orphan = this.deliveries
			.insertIfAbsent(DeliveryRequest.of(arrival), now.minusSeconds(61), now.minusSeconds(1))
			.orElseThrow();

		Delivery delivery = awaitFinal(receiver, arrival.signalId());

		assertThat(delivery.id()).isEqualTo(orphan.id());
		assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(MockApns.requestsFor(token)).isEqualTo(1);
	}

	@Test
	void aPushLeasedToALiveAttemptIsLeftAlone() throws Exception {
		String token = MockApns.newDeviceToken();
		UserId receiver = UserServiceStandIn.user(token);
		SignalEvents.Delivery arrival = arrival(receiver, 1000, CompassDirection.E);
		Instant now = Instant.now();
		this.deliveries.insertIfAbsent(DeliveryRequest.of(arrival), now, now.plusSeconds(60)).orElseThrow();

		// the stream event for the same push arrives while the lease holds
		publish(arrivals(arrival));
		String markerToken = MockApns.newDeviceToken();
		UserId marker = UserServiceStandIn.user(markerToken);
		SignalEvents.Delivery markerArrival = arrival(marker, 500, CompassDirection.S);
		publish(arrivals(markerArrival));
		awaitFinal(marker, markerArrival.signalId());

		assertThat(find(receiver, arrival.signalId()).status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(MockApns.requestsFor(token)).isZero();
	}

	/**
	 * A batch's outcomes go in one statement, each only while its attempt still owns the
	 * row: one taken over meanwhile (its attempt count moved on) is left as the newer
	 * attempt has it.
	 */
	@Test
	void aBatchOfOutcomesIsRecordedOnlyForTheRowsItsAttemptsStillOwn() {
		Instant now = Instant.now();
		// leased far ahead, so that no worker attempts them meanwhile
		Delivery kept = this.deliveries
			.insertIfAbsent(DeliveryRequest.of(arrival(UserId.random(), 800, CompassDirection.N)), now,
					now.plusSeconds(600))
			.orElseThrow();
		Delivery takenOver = this.deliveries
			.insertIfAbsent(DeliveryRequest.of(arrival(UserId.random(), 900, CompassDirection.W)), now,
					now.plusSeconds(600))
			.orElseThrow();
		// another attempt of the second row failed and was recorded meanwhile
		this.deliveries
			.scheduleRetries(List.of(new DeliveryStore.Retry(takenOver, "timeout", null, now.plusSeconds(600))), now);
		UUID apnsId = UUID.randomUUID();

		boolean[] owned = this.deliveries.completeAll(List.of(
				new DeliveryStore.Completion(kept, DeliveryStatus.SENT, null, null, "token-1", "mile", apnsId, false,
						1),
				new DeliveryStore.Completion(takenOver, DeliveryStatus.REJECTED, "BadDeviceToken", null, "token-2",
						"km", null, true, 1)),
				now);

		assertThat(owned).containsExactly(true, false);
		Delivery sent = find(kept.receiverId(), kept.signalId());
		assertThat(sent.status()).isEqualTo(DeliveryStatus.SENT);
		assertThat(sent.attempts()).isEqualTo(1);
		assertThat(sent.apnsId()).isEqualTo(apnsId);
		assertThat(sent.deviceToken()).isEqualTo("token-1");
		assertThat(sent.unit()).isEqualTo("mile");
		Delivery retried = find(takenOver.receiverId(), takenOver.signalId());
		assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
		assertThat(retried.attempts()).isEqualTo(1);
		assertThat(retried.lastError()).isEqualTo("timeout");
	}

}
