package com.bowwow.user.api;

import java.time.Instant;
import java.util.Map;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.json.BowWowJacksonModule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class UserEventsTests {

	private final JsonMapper json = JsonMapper.builder().addModule(new BowWowJacksonModule()).build();

	private final UserId userId = UserId.parse("3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13");

	private final Instant at = Instant.parse("2026-11-26T12:34:56Z");

	@Test
	void settingsEventsUseTheContractsFieldNames() {
		UserSettingsChanged event = UserSettingsChanged.of(this.userId, DistanceUnit.KILOMETER, true, Language.KO,
				this.at);
		@SuppressWarnings("unchecked")
		Map<String, Object> fields = this.json.readValue(this.json.writeValueAsString(event), Map.class);
		assertThat(fields).containsOnlyKeys("eventId", "userId", "distanceUnit", "isOffline", "occurredAt", "language")
			.containsEntry("language", "ko")
			.containsEntry("userId", this.userId.toString())
			.containsEntry("distanceUnit", "kilometer")
			.containsEntry("isOffline", true)
			.containsEntry("occurredAt", "2026-11-26T12:34:56Z")
			.containsEntry("eventId", event.eventId().toString());
	}

	@Test
	void everyEventRoundTripsThroughItsStreamType() {
		for (UserEvent event : new UserEvent[] { UserRegistered.of(this.userId, DistanceUnit.MILE, false, this.at),
				UserSettingsChanged.of(this.userId, DistanceUnit.KILOMETER, true, this.at),
				UserDeleted.of(this.userId, this.at) }) {
			assertThat(UserEvents.read(this.json, event.type(), this.json.writeValueAsString(event))).contains(event);
		}
		assertThat(UserRegistered.of(this.userId, DistanceUnit.MILE, false, this.at).type())
			.isEqualTo("UserRegistered");
	}

	@Test
	void theHandlerHandsEachKnownEventToTheListenerAndSkipsUnknownTypes() throws Exception {
		java.util.List<UserEvent> seen = new java.util.ArrayList<>();
		com.bowwow.common.events.EventHandler handler = UserEvents.DESCRIPTOR.handler(this.json, seen::add);
		UserRegistered registered = UserRegistered.of(this.userId, DistanceUnit.MILE, false, this.at);
		UserSettingsChanged changed = UserSettingsChanged.of(this.userId, DistanceUnit.MILE, true, this.at);
		UserDeleted deleted = UserDeleted.of(this.userId, this.at);
		for (UserEvent event : new UserEvent[] { registered, changed, deleted }) {
			handler.handle(new com.bowwow.common.events.ReceivedEvent(UserEvents.STREAM, "1-0",
					event.eventId().toString(), event.type(), this.json.writeValueAsString(event), 1));
		}
		handler
			.handle(new com.bowwow.common.events.ReceivedEvent(UserEvents.STREAM, "2-0", "x", "UserRenamed", "{}", 1));
		assertThat(seen).containsExactly(registered, changed, deleted);
	}

	@Test
	void theDescriptorNamesTheProducerTheStreamAndEveryType() {
		assertThat(UserEvents.DESCRIPTOR.producer()).isEqualTo("user-service");
		assertThat(UserEvents.DESCRIPTOR.key()).isEqualTo("bowwow:events:user");
		assertThat(UserEvents.DESCRIPTOR.typeNames()).containsExactly("UserRegistered", "UserSettingsChanged",
				"UserDeleted", "UserBlocked", "UserUnblocked", "UserSuspended", "UserSuspensionLifted", "ReportFiled");
		assertThat(UserDeleted.of(this.userId, this.at).stream()).isSameAs(UserEvents.DESCRIPTOR);
	}

	@Test
	void languageTravelsAndOlderEventsWithoutItReadAsEnglish() {
		UserSettingsChanged korean = UserSettingsChanged.of(this.userId, DistanceUnit.MILE, false, Language.KO,
				this.at);
		String written = this.json.writeValueAsString(korean);
		assertThat(written).contains("\"language\":\"ko\"");
		assertThat(UserEvents.read(this.json, "UserSettingsChanged", written)).contains(korean);
		UserRegistered registered = UserRegistered.of(this.userId, DistanceUnit.MILE, false, Language.KO, this.at);
		assertThat(UserEvents.read(this.json, "UserRegistered", this.json.writeValueAsString(registered)))
			.contains(registered);
		// written by a user-service before the field existed
		String old = this.json.writeValueAsString(UserRegistered.of(this.userId, DistanceUnit.MILE, false, this.at))
			.replace(",\"language\":null", "");
		assertThat(old).doesNotContain("language");
		UserRegistered read = (UserRegistered) UserEvents.read(this.json, "UserRegistered", old).orElseThrow();
		assertThat(read.language()).isNull();
		assertThat(read.effectiveLanguage()).isEqualTo(Language.EN);
	}

	@Test
	void languageIsStrict() {
		assertThat(Language.fromWire("ko")).isEqualTo(Language.KO);
		for (String wrong : new String[] { "KO", "en-US", "", "fr" }) {
			org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
				.isThrownBy(() -> Language.fromWire(wrong));
		}
	}

	@Test
	void unknownTypesAreSkippedNotFailed() {
		assertThat(UserEvents.read(this.json, "UserRenamed", "{}")).isEmpty();
	}

	@Test
	void eventIdsAreUnique() {
		assertThat(UserDeleted.of(this.userId, this.at).eventId())
			.isNotEqualTo(UserDeleted.of(this.userId, this.at).eventId());
	}

	@Test
	void contractModuleCarriesNoWebOrPersistenceFramework() {
		ClassLoader loader = getClass().getClassLoader();
		for (String type : new String[] { "org.springframework.web.bind.annotation.RestController",
				"jakarta.persistence.Entity", "org.springframework.security.core.Authentication" }) {
			assertThat(org.springframework.util.ClassUtils.isPresent(type, loader)).as(type).isFalse();
		}
	}

}
