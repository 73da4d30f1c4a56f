package com.bowwow.push.erasure;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.events.StreamFields;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.id.UserId;
import com.bowwow.push.MockApns;
import com.bowwow.push.PushIntegrationTest;
import com.bowwow.push.UserServiceStandIn;
import com.bowwow.push.delivery.DeliveryStatus;
import com.bowwow.signal.api.SignalEvents;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deleted user's delivery records, as receiver and as sender, dead letters included,
 * are erased when user-service's {@code UserDeleted} arrives, and a late event cannot
 * write them again.
 */
class ErasureTests extends PushIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aDeletedUsersDeliveriesAndDeadLettersAreErasedAndStayErased() {
		String deletedToken = MockApns.newDeviceToken();
		UserId deleted = UserServiceStandIn.user(deletedToken);
		UserId other = UserServiceStandIn.user(MockApns.newDeviceToken());
		UserId bystander = UserServiceStandIn.user(MockApns.newDeviceToken());
		UserId someSender = UserId.random();
		// the deleted user received one signal, sent another, and has a dead letter
		SignalEvents.Delivery received = delivery(UUID.randomUUID(), deleted, someSender, SignalKind.SIGNAL, 500,
				CompassDirection.N, Instant.now().plusSeconds(600));
		SignalEvents.Delivery sent = delivery(UUID.randomUUID(), other, deleted, SignalKind.SIGNAL, 500,
				CompassDirection.S, Instant.now().plusSeconds(600));
		SignalEvents.Delivery deadLetter = delivery(UUID.randomUUID(), deleted, someSender, SignalKind.RESPONSE, 500,
				CompassDirection.E, Instant.now().plusSeconds(600));
		SignalEvents.Delivery unrelated = delivery(UUID.randomUUID(), bystander, someSender, SignalKind.SIGNAL, 500,
				CompassDirection.W, Instant.now().plusSeconds(600));
		publish(arrivals(received, sent, deadLetter, unrelated));
		assertThat(awaitFinal(deleted, received.signalId()).status()).isEqualTo(DeliveryStatus.SENT);
		awaitFinal(other, sent.signalId());
		awaitFinal(bystander, unrelated.signalId());
		awaitFinal(deleted, deadLetter.signalId());
		this.jdbc.update("UPDATE deliveries SET status = 'DEAD_LETTERED' WHERE signal_id = ?", deadLetter.signalId());
		assertThat(rowsAbout(deleted)).isEqualTo(3);

		UserServiceStandIn.delete(deleted);
		publishUserEvent(new UserDeleted(UUID.randomUUID(), deleted, Instant.now()));

		await().atMost(WAIT).until(() -> rowsAbout(deleted) == 0);
		assertThat(find(bystander, unrelated.signalId())).as("other people's records stay").isNotNull();

		// a late or redelivered event about the deleted user writes nothing again
		SignalEvents.Delivery late = delivery(UUID.randomUUID(), deleted, someSender, SignalKind.SIGNAL, 500,
				CompassDirection.N, Instant.now().plusSeconds(600));
		SignalEvents.Delivery lateFromDeleted = delivery(UUID.randomUUID(), bystander, deleted, SignalKind.RESPONSE,
				500, CompassDirection.N, Instant.now().plusSeconds(600));
		SignalEvents.Delivery marker = arrival(bystander, 500, CompassDirection.N);
		publish(arrivals(received, late, lateFromDeleted));
		publish(arrivals(marker));
		awaitFinal(bystander, marker.signalId());
		assertThat(rowsAbout(deleted)).isZero();
		assertThat(MockApns.acceptedFor(deletedToken)).as("the two pushes before the deletion, none after").hasSize(2);

		// redelivered deletion: nothing more happens, nothing fails
		publishUserEvent(new UserDeleted(UUID.randomUUID(), deleted, Instant.now()));
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM erased_users WHERE user_id = ?", Long.class,
					deleted.value()) == 1);
		assertThat(rowsAbout(deleted)).isZero();
	}

	private static SignalEvents.Delivery delivery(UUID signal, UserId receiver, UserId sender, SignalKind kind,
			double meters, CompassDirection direction, Instant expiresAt) {
		Instant now = Instant.now();
		return new SignalEvents.Delivery(signal, receiver, sender, kind, meters, direction, now, now, expiresAt);
	}

	private long rowsAbout(UserId user) {
		return this.jdbc.queryForObject("SELECT count(*) FROM deliveries WHERE receiver_id = ? OR sender_id = ?",
				Long.class, user.value(), user.value());
	}

	/** user-service's event, written to the stream the way its outbox relay does. */
	private void publishUserEvent(UserDeleted event) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(StreamFields.EVENT_ID, event.eventId().toString());
		fields.put(StreamFields.TYPE, event.type());
		fields.put(StreamFields.PAYLOAD, this.json.writeValueAsString(event));
		this.redis.opsForStream().add(StreamRecords.string(fields).withStreamKey(UserEvents.STREAM));
	}

}
