package com.bowwow.location.nearby;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.location.settings.UserEventHandler;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.bowwow.location.HttpTestSupport.array;
import static com.bowwow.location.HttpTestSupport.get;
import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletion is immediate: user-service adds the user to {@link SafetyReads#DELETED_KEY}
 * before its 204 (written here as it would), and from then on no read shows them (nearby,
 * the internal within and positions lists, the stream), before the {@code UserDeleted}
 * event arrives; the event then erases the stored position and the index entry.
 */
class DeletedUsersTests extends LocationIntegrationTest {

	@Autowired
	private UserEventHandler userEvents;

	@Test
	@SuppressWarnings("unchecked")
	void aDeletedUserIsAbsentFromEveryReadAtOnce() throws Exception {
		UserId viewer = UserId.random();
		UserId deleted = UserId.random();
		report(viewer, 48.8566, 2.3522);
		report(deleted, 48.8570, 2.3522);
		String within = "/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000&excludeUserID="
				+ viewer;
		String positions = "/internal/locations/positions?userID=" + deleted + "&userID=" + viewer;
		assertThat(nearby(viewer)).containsExactly(deleted.toString());
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(viewer))) {
			client.send("{\"type\":\"subscribe\",\"radius\":1}");
			assertThat(client.next()).containsEntry("type", "subscription_confirmed");
			report(deleted, 48.8571, 2.3522, this.clock.instant().plusSeconds(1));
			client.next("location_update", deleted);

			this.redis.opsForSet().add(SafetyReads.DELETED_KEY, deleted.toString());

			assertThat(nearby(viewer)).isEmpty();
			assertThat((List<Map<String, Object>>) object(get(this.port, null, within)).get("users")).isEmpty();
			assertThat((List<Map<String, Object>>) object(get(this.port, null, positions)).get("users"))
				.extracting((u) -> u.get("userID"))
				.containsExactly(viewer.toString());
			// A move still arriving from them takes them off the stream.
			report(deleted, 48.8572, 2.3522, this.clock.instant().plusSeconds(2));
			client.next("location_removed", deleted);
		}
		// The event erases what is stored.
		this.userEvents.userDeleted("e-del", deleted, this.clock.instant());
		assertThat(this.index.find(deleted, Instant.EPOCH)).isNull();
		assertThat(this.jdbc.sql("select count(*) from positions where user_id = ?")
			.param(deleted.value())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void theUserDeletedEventTellsOpenStreams() throws Exception {
		UserId viewer = UserId.random();
		UserId deleted = UserId.random();
		report(viewer, 48.8566, 2.3522);
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(viewer))) {
			client.send("{\"type\":\"subscribe\",\"radius\":1}");
			assertThat(client.next()).containsEntry("type", "subscription_confirmed");
			report(deleted, 48.8570, 2.3522);
			client.next("location_update", deleted);
			this.userEvents.userDeleted("e-del", deleted, this.clock.instant());
			client.next("location_removed", deleted);
		}
	}

	private List<String> nearby(UserId caller) throws Exception {
		return array(get(this.port, caller, "/api/v1/locations/nearby/" + caller)).stream()
			.map((u) -> (String) u.get("userID"))
			.toList();
	}

}
