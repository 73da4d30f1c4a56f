package com.bowwow.location.position;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analytics learns who is active from location-service, at most once per user per
 * activity interval, through the outbox (so an announcement exists exactly when the
 * position committed), and never sees a coordinate.
 */
class ActivityEventsTests extends LocationIntegrationTest {

	@Autowired
	MeterRegistry meters;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aUserIsAnnouncedOncePerIntervalWhateverTheyReport() {
		UserId user = UserId.random();
		Instant first = this.clock.instant();
		assertThat(report(user, 40.7, -74.0)).isEqualTo(UpdateOutcome.STORED);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(report(user, 40.71, -74.0)).isEqualTo(UpdateOutcome.STORED);
		// An older report loses and announces nothing either.
		assertThat(report(user, 40.72, -74.0, first.minusSeconds(30))).isEqualTo(UpdateOutcome.IGNORED_OLDER);
		assertThat(announcements()).hasSize(1);
		Map<String, Object> payload = read(announcements().getFirst());
		assertThat(payload.get("userId")).isEqualTo(user.toString());
		assertThat(Instant.parse((String) payload.get("reportedAt"))).isEqualTo(first.truncatedTo(ChronoUnit.SECONDS));
		assertThat(payload.keySet()).containsExactlyInAnyOrder("eventId", "userId", "reportedAt");

		this.clock.advance(Duration.ofMinutes(5));
		report(user, 40.73, -74.0);
		UserId other = UserId.random();
		report(other, 40.7, -74.1);
		assertThat(announcements()).hasSize(3);
	}

	@Test
	void aPhoneClockAheadDoesNotPutActivityInTheFuture() {
		UserId user = UserId.random();
		report(user, 40.7, -74.0, this.clock.instant().plusSeconds(30));
		Map<String, Object> payload = read(announcements().getFirst());
		assertThat(Instant.parse((String) payload.get("reportedAt")))
			.isEqualTo(this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
	}

	@Test
	void updatesAreCountedByOutcome() {
		double stored = count("stored");
		double older = count("ignored_older");
		UserId user = UserId.random();
		report(user, 40.7, -74.0);
		report(user, 40.7, -74.0, this.clock.instant().minusSeconds(10));
		assertThat(count("stored")).isEqualTo(stored + 1);
		assertThat(count("ignored_older")).isEqualTo(older + 1);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> read(String payload) {
		return this.json.readValue(payload, Map.class);
	}

	private double count(String outcome) {
		return this.meters.get("bowwow.location.updates").tag("outcome", outcome).counter().count();
	}

	private List<String> announcements() {
		return this.jdbc
			.sql("select payload from event_outbox where stream = 'bowwow:events:location' "
					+ "and event_type = 'LocationReported' order by id")
			.query(String.class)
			.list();
	}

}
