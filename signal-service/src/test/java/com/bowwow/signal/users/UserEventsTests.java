package com.bowwow.signal.users;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.user.projection.UserSettings;
import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.WaveStore;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * User-service's events, travelling the real way (outbox, relay, Redis Stream, consumer
 * group), keep signal-service's view of users current.
 */
@SpringBootTest(properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class UserEventsTests {

	@Autowired
	EventOutbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	KnownUsers users;

	@Autowired
	WaveStore waves;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void registrationAndSettingsChangesAreApplied() {
		UserId user = UserId.random();
		Instant now = Instant.now();
		publish(new UserRegistered(UUID.randomUUID(), user, DistanceUnit.KILOMETER, false, now));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.users.settingsOf(user).distanceUnit() == DistanceUnit.KILOMETER);

		publish(UserSettingsChanged.of(user, DistanceUnit.KILOMETER, true, now.plusSeconds(1)));
		await().atMost(Duration.ofSeconds(15)).until(() -> this.users.settingsOf(user).isOffline());
	}

	@Test
	void anOlderEventArrivingLateChangesNothing() {
		UserId user = UserId.random();
		Instant now = Instant.now();
		publish(UserSettingsChanged.of(user, DistanceUnit.MILE, true, now));
		publish(UserSettingsChanged.of(user, DistanceUnit.KILOMETER, false, now.minusSeconds(5)));
		UserId marker = UserId.random();
		// events of one stream are handled in order: once the marker is seen, both were
		// handled
		publish(new UserRegistered(UUID.randomUUID(), marker, DistanceUnit.KILOMETER, false, now));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.users.settingsOf(marker).distanceUnit() == DistanceUnit.KILOMETER);
		assertThat(this.users.settingsOf(user)).isEqualTo(new UserSettings(DistanceUnit.MILE, true));
	}

	@Test
	void aDeletedUsersSignalsAndReceiptsDisappear() {
		UserId deleted = UserId.random();
		UserId other = UserId.random();
		Instant now = Instant.now();
		Coordinates origin = Coordinates.of(37.788, -122.4075);
		Wave sent = new Wave(UUID.randomUUID(), deleted, SignalKind.SIGNAL, null, origin, now.plusSeconds(30),
				now.plusSeconds(630), 1000, DistanceUnit.MILE, 1609.344);
		Wave received = new Wave(UUID.randomUUID(), other, SignalKind.SIGNAL, null, origin, now.plusSeconds(30),
				now.plusSeconds(630), 1000, DistanceUnit.MILE, 1609.344);
		this.transactions.executeWithoutResult((status) -> {
			this.waves.start(sent, sent.plan(List.of(new Wave.Candidate(other, origin))),
					PropagationEngine.StartLease.NONE);
			List<Arrival> toDeleted = received.plan(List.of(new Wave.Candidate(deleted, origin)));
			this.waves.start(received, toDeleted, PropagationEngine.StartLease.NONE);
		});
		this.users.apply(deleted, UserSettings.DEFAULTS, now);
		// receipts both ways: the deleted user received another's signal, another
		// received the deleted user's
		Wave earlier = new Wave(UUID.randomUUID(), other, SignalKind.SIGNAL, null, origin, now.minusSeconds(60),
				now.plusSeconds(540), 1000, DistanceUnit.MILE, 1609.344);
		this.transactions
			.executeWithoutResult((status) -> this.waves.start(earlier, List.of(), PropagationEngine.StartLease.NONE));
		for (Object[] receipt : List.of(new Object[] { earlier.signalId(), deleted, other },
				new Object[] { sent.signalId(), other, deleted })) {
			this.jdbc.update(
					"""
							insert into receipts (signal_id, receiver_id, sender_id, kind, distance_m, direction, due_at, received_at)
							values (?, ?, ?, 'signal', 100, 'N', now(), now())
							""",
					receipt[0], ((UserId) receipt[1]).value(), ((UserId) receipt[2]).value());
		}

		publish(new UserDeleted(UUID.randomUUID(), deleted, now));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc.queryForObject("select deleted from user_settings where user_id = ?", Boolean.class,
					deleted.value()));
		assertThat(this.jdbc.queryForObject("select count(*) from signals where sender_id = ?", Long.class,
				deleted.value()))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from pending_arrivals where receiver_id = ?", Long.class,
				deleted.value()))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from receipts where receiver_id = ? or sender_id = ?",
				Long.class, deleted.value(), deleted.value()))
			.as("receipts both ways")
			.isZero();
		assertThat(
				this.jdbc.queryForObject("select count(*) from signals where id = ?", Long.class, received.signalId()))
			.as("other people's signals stay")
			.isEqualTo(1);
	}

	@Test
	void aSettingsEventRedeliveredAfterTheDeletionDoesNotBringTheUserBack() {
		UserId user = UserId.random();
		Instant now = Instant.now();
		UserSettingsChanged settings = UserSettingsChanged.of(user, DistanceUnit.KILOMETER, false, now);
		publish(settings);
		publish(new UserDeleted(UUID.randomUUID(), user, now.plusSeconds(1)));
		await().atMost(Duration.ofSeconds(15))
			// no row at all until the consumer reaches the events
			.until(() -> this.jdbc
				.queryForList("select deleted from user_settings where user_id = ?", Boolean.class, user.value())
				.contains(Boolean.TRUE));
		// the same entry delivered again, and a late one written after the deletion
		this.users.apply(settings);
		publish(UserSettingsChanged.of(user, DistanceUnit.KILOMETER, false, now.plusSeconds(2)));
		UserId marker = UserId.random();
		publish(new UserRegistered(UUID.randomUUID(), marker, DistanceUnit.KILOMETER, false, now));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.users.settingsOf(marker).distanceUnit() == DistanceUnit.KILOMETER);
		assertThat(this.jdbc.queryForObject("select deleted from user_settings where user_id = ?", Boolean.class,
				user.value()))
			.isTrue();
		assertThat(this.users.settingsOf(user).isOffline()).as("a deleted user reads as invisible").isTrue();
	}

	private void publish(UserEvent event) {
		this.transactions.executeWithoutResult((status) -> this.outbox.publish(event));
	}

}
