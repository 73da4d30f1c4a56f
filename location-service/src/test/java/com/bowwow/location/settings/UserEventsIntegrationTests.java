package com.bowwow.location.settings;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.bowwow.common.events.StreamFields;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.projection.UserSettings;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserEvents;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.stream.StreamRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * user-service's events, published to the real stream as its outbox relay writes them,
 * reach the projection and the index.
 */
class UserEventsIntegrationTests extends LocationIntegrationTest {

	@Autowired
	private UserSettingsStore settings;

	@Autowired
	private JsonMapper json;

	@Test
	void settingsEventsFeedTheProjectionAndTheIndex() throws Exception {
		UserId user = UserId.random();
		Instant t0 = this.clock.instant();
		publish(UserRegistered.of(user, DistanceUnit.KILOMETER, false, t0));
		await(() -> this.settings.find(user).distanceUnit() == DistanceUnit.KILOMETER);
		report(user, 10, 10);
		assertThat(this.index.find(user, Instant.EPOCH)).isNotNull();

		publish(UserSettingsChanged.of(user, DistanceUnit.KILOMETER, true, t0.plusSeconds(1)));
		await(() -> this.index.find(user, Instant.EPOCH) == null);
		assertThat(this.settings.find(user).isOffline()).isTrue();

		// A late, older event changes nothing.
		publish(UserSettingsChanged.of(user, DistanceUnit.MILE, false, t0.minusSeconds(5)));
		UserId marker = UserId.random();
		publish(UserRegistered.of(marker, DistanceUnit.KILOMETER, false, t0));
		await(() -> this.settings.find(marker).distanceUnit() == DistanceUnit.KILOMETER);
		assertThat(this.settings.find(user)).isEqualTo(new UserSettings(DistanceUnit.KILOMETER, true));

		publish(UserSettingsChanged.of(user, DistanceUnit.MILE, false, t0.plusSeconds(2)));
		await(() -> this.index.find(user, Instant.EPOCH) != null);
		assertThat(this.settings.find(user)).isEqualTo(new UserSettings(DistanceUnit.MILE, false));
	}

	@Test
	void deletionRemovesTheStoredPositionEverywhereForGood() throws Exception {
		UserId user = UserId.random();
		report(user, 20, 20);
		UserDeleted deleted = UserDeleted.of(user, this.clock.instant());
		publish(deleted);
		await(() -> this.jdbc.sql("select count(*) from positions").query(Long.class).single() == 0);
		assertThat(this.index.find(user, Instant.EPOCH)).isNull();
		// Redelivered, and followed by a stale settings event: still gone and invisible.
		publish(deleted);
		publish(UserSettingsChanged.of(user, DistanceUnit.MILE, false, this.clock.instant().plusSeconds(1)));
		UserId marker = UserId.random();
		publish(UserRegistered.of(marker, DistanceUnit.KILOMETER, false, this.clock.instant()));
		await(() -> this.settings.find(marker).distanceUnit() == DistanceUnit.KILOMETER);
		assertThat(this.settings.find(user).isOffline()).isTrue();
	}

	private void publish(UserEvent event) {
		this.redis.opsForStream()
			.add(StreamRecords.string(Map.of(StreamFields.EVENT_ID, event.eventId().toString(), StreamFields.TYPE,
					event.type(), StreamFields.PAYLOAD, this.json.writeValueAsString(event)))
				.withStreamKey(UserEvents.STREAM));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within 15 s");
			}
			Thread.sleep(50);
		}
	}

}
