package com.bowwow.location.nearby;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.location.BusyRedisPool;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.settings.UserEventHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static com.bowwow.location.HttpTestSupport.array;
import static com.bowwow.location.HttpTestSupport.get;
import static com.bowwow.location.HttpTestSupport.internal;
import static com.bowwow.location.HttpTestSupport.object;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nearby and the internal within list against offline callers, blocks, suspensions and
 * query floods. The safety read model is written here as user-service writes it.
 */
class NearbySafetyTests extends LocationIntegrationTest {

	@Autowired
	private UserEventHandler userEvents;

	@Autowired
	private SafetyReads safety;

	@Autowired
	private RedisConnectionFactory connections;

	@Value("${spring.data.redis.lettuce.pool.max-active}")
	private int poolSize;

	@Test
	void anOfflineCallerGets409UserOfflineAndSeesNoOne() throws Exception {
		UserId caller = UserId.random();
		report(caller, 48.8566, 2.3522);
		report(UserId.random(), 48.8570, 2.3522);
		this.userEvents.settingsChanged("e-off", caller, DistanceUnit.MILE, true, this.clock.instant());
		HttpResponse<String> response = get(this.port, caller, "/api/v1/locations/nearby/" + caller);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(object(response)).containsEntry("code", "USER_OFFLINE").containsEntry("status", 409);
		// Back online: the list again.
		this.userEvents.settingsChanged("e-on", caller, DistanceUnit.MILE, false, this.clock.instant().plusSeconds(1));
		HttpResponse<String> online = get(this.port, caller, "/api/v1/locations/nearby/" + caller);
		assertThat(online.statusCode()).isEqualTo(200);
		assertThat(array(online)).hasSize(1);
	}

	@Test
	void aBlockHidesBothUsersFromEachOtherAtOnceAndOnlyFromEachOther() throws Exception {
		UserId blocker = UserId.random();
		UserId blocked = UserId.random();
		UserId bystander = UserId.random();
		report(blocker, 48.8566, 2.3522);
		report(blocked, 48.8570, 2.3522);
		report(bystander, 48.8580, 2.3522);
		assertThat(ids(blocker)).containsExactly(blocked.toString(), bystander.toString());

		block(blocker, blocked);
		assertThat(ids(blocker)).containsExactly(bystander.toString());
		assertThat(ids(blocked)).containsExactly(bystander.toString());
		assertThat(ids(bystander)).containsExactlyInAnyOrder(blocker.toString(), blocked.toString());

		// Unblocked (user-service removes both entries): visible again.
		this.redis.opsForSet().remove(SafetyReads.blocksKey(blocker), blocked.toString());
		this.redis.opsForSet().remove(SafetyReads.blocksKey(blocked), blocker.toString());
		assertThat(ids(blocked)).containsExactly(blocker.toString(), bystander.toString());
	}

	@Test
	@SuppressWarnings("unchecked")
	void aSuspendedUserIsInvisibleEverywhereUntilTheSuspensionIsLifted() throws Exception {
		UserId caller = UserId.random();
		UserId suspended = UserId.random();
		report(caller, 48.8566, 2.3522);
		report(suspended, 48.8570, 2.3522);
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, suspended.toString());
		assertThat(ids(caller)).isEmpty();
		String within = "/internal/locations/within?latitude=48.8566&longitude=2.3522&radiusMeters=1000&excludeUserID="
				+ caller;
		assertThat((List<Map<String, Object>>) object(internal(this.port, within)).get("users")).isEmpty();

		String positions = "/internal/locations/positions?userID=" + suspended + "&userID=" + caller;
		assertThat((List<Map<String, Object>>) object(internal(this.port, positions)).get("users"))
			.extracting((u) -> u.get("userID"))
			.containsExactly(caller.toString());

		this.redis.opsForSet().remove(SafetyReads.SUSPENDED_KEY, suspended.toString());
		assertThat(ids(caller)).containsExactly(suspended.toString());
		assertThat((List<Map<String, Object>>) object(internal(this.port, positions)).get("users")).hasSize(2);
		List<Map<String, Object>> users = (List<Map<String, Object>>) object(internal(this.port, within)).get("users");
		// The internal list keeps true positions: the wave travels to them.
		assertThat(users).extracting((u) -> u.get("userID")).containsExactly(suspended.toString());
		assertThat(((Number) users.get(0).get("latitude")).doubleValue()).isCloseTo(48.8570,
				org.assertj.core.api.Assertions.within(1e-5));
	}

	@Test
	void aSuspendedCallerIsRefused() throws Exception {
		UserId caller = UserId.random();
		report(caller, 48.8566, 2.3522);
		report(UserId.random(), 48.8570, 2.3522);
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, caller.toString());
		HttpResponse<String> response = get(this.port, caller, "/api/v1/locations/nearby/" + caller);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(object(response)).containsEntry("code", "ACCOUNT_SUSPENDED");
	}

	@Test
	void anUnreadableSafetyModelShowsNobodyAndAsksToRetry() throws Exception {
		UserId caller = UserId.random();
		report(caller, 48.8566, 2.3522);
		report(UserId.random(), 48.8570, 2.3522);
		// A real Redis failure on the safety read (WRONGTYPE): fail closed.
		this.redis.opsForValue().set(SafetyReads.blocksKey(caller), "corrupt");
		HttpResponse<String> response = get(this.port, caller, "/api/v1/locations/nearby/" + caller);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(object(response)).containsEntry("code", "SERVICE_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.body()).doesNotContain("Exception", "WRONGTYPE");
	}

	@Test
	void nearbyIsServedAndStillSafeWhileEveryPooledRedisConnectionIsBusy() throws Exception {
		UserId caller = UserId.random();
		UserId blocked = UserId.random();
		UserId bystander = UserId.random();
		report(caller, 48.8566, 2.3522);
		report(blocked, 48.8570, 2.3522);
		report(bystander, 48.8580, 2.3522);
		block(caller, blocked);
		// The safety read once borrowed a pooled connection (a pipeline): under the
		// bench's
		// load every nearby query waited 2 s for one and was refused with 503.
		try (BusyRedisPool busy = BusyRedisPool.holdAll(this.connections, this.poolSize)) {
			assertThat(ids(caller)).containsExactly(bystander.toString());
		}
	}

	@Test
	void everyOneOfThousandsOfCandidatesIsCheckedAgainstEverySet() {
		UserId viewer = UserId.random();
		List<UserId> candidates = java.util.stream.IntStream.range(0, 1_234).mapToObj((i) -> UserId.random()).toList();
		// One in each set, past the script's first slice of 500, and one in two sets.
		this.redis.opsForSet().add(SafetyReads.blocksKey(viewer), candidates.get(777).toString());
		this.redis.opsForSet()
			.add(SafetyReads.SUSPENDED_KEY, candidates.get(1_233).toString(), candidates.get(777).toString());
		this.redis.opsForSet().add(SafetyReads.DELETED_KEY, candidates.get(0).toString());
		try {
			assertThat(this.safety.hiddenFrom(viewer, candidates)).containsExactlyInAnyOrder(candidates.get(0),
					candidates.get(777), candidates.get(1_233));
			assertThat(this.safety.hiddenFromEveryone(candidates)).containsExactlyInAnyOrder(candidates.get(0),
					candidates.get(777), candidates.get(1_233));
			assertThat(this.safety.hiddenFromEveryone(candidates.subList(1, 700))).isEmpty();
			assertThat(this.safety.hiddenFrom(viewer, List.of())).isEmpty();
		}
		finally {
			this.redis.opsForSet()
				.remove(SafetyReads.SUSPENDED_KEY, candidates.get(1_233).toString(), candidates.get(777).toString());
			this.redis.opsForSet().remove(SafetyReads.DELETED_KEY, candidates.get(0).toString());
		}
	}

	@Test
	void nearbyQueriesAreLimitedPerUserWithRetryAfter() throws Exception {
		UserId caller = UserId.random();
		UserId other = UserId.random();
		report(caller, 48.8566, 2.3522);
		for (int i = 0; i < 10; i++) {
			assertThat(get(this.port, caller, "/api/v1/locations/nearby/" + caller).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> limited = get(this.port, caller, "/api/v1/locations/nearby/" + caller);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(object(limited)).containsEntry("code", "RATE_LIMITED");
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
		// Another user has a bucket of their own.
		assertThat(get(this.port, other, "/api/v1/locations/nearby/" + other).statusCode()).isEqualTo(200);
		// 30 a minute: one token back every 2 s.
		this.clock.advance(java.time.Duration.ofSeconds(2));
		assertThat(get(this.port, caller, "/api/v1/locations/nearby/" + caller).statusCode()).isEqualTo(200);
		assertThat(get(this.port, caller, "/api/v1/locations/nearby/" + caller).statusCode()).isEqualTo(429);
	}

	private List<Object> ids(UserId caller) throws Exception {
		HttpResponse<String> response = get(this.port, caller, "/api/v1/locations/nearby/" + caller);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return array(response).stream().map((user) -> user.get("userID")).toList();
	}

	private void block(UserId blocker, UserId blocked) {
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocker), blocked.toString());
		this.redis.opsForSet().add(SafetyReads.blocksKey(blocked), blocker.toString());
	}

}
