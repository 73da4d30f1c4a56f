package com.bowwow.location.settings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.events.EventExamples;
import com.bowwow.common.events.EventHandler;
import com.bowwow.common.events.ReceivedEvent;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.json.BowWowJacksonModule;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** location-service's consumer reads user-service's example of every user event. */
class UserEventsContractTests {

	private final List<String> calls = new ArrayList<>();

	private final EventHandler handler = UserEvents.DESCRIPTOR.handler(
			JsonMapper.builder().addModule(new BowWowJacksonModule()).build(), new UserEventsConsumer(new Recorder()));

	@Test
	void everyExampleReachesWhatHandlesIt() throws Exception {
		for (ReceivedEvent entry : EventExamples.entries(UserEvents.DESCRIPTOR)) {
			this.handler.handle(entry);
		}
		assertThat(this.calls).containsExactly("project UserRegistered", "project UserSettingsChanged",
				"project UserDeleted",
				"separated 3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13 7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
				"suspended 7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
	}

	private final class Recorder implements UserEventHandler {

		@Override
		public void project(UserEvent event) {
			UserEventsContractTests.this.calls.add("project " + event.type());
		}

		@Override
		public void settingsChanged(String eventId, UserId userId, DistanceUnit distanceUnit, boolean isOffline,
				Instant occurredAt) {
			throw new AssertionError("the consumer goes through project");
		}

		@Override
		public void userDeleted(String eventId, UserId userId, Instant occurredAt) {
			throw new AssertionError("the consumer goes through project");
		}

		@Override
		public void usersSeparated(String eventId, UserId blocker, UserId blocked) {
			UserEventsContractTests.this.calls.add("separated " + blocker + " " + blocked);
		}

		@Override
		public void userSuspended(String eventId, UserId userId) {
			UserEventsContractTests.this.calls.add("suspended " + userId);
		}

	}

}
