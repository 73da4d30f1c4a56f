package com.bowwow.user.account;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.user.HttpTestSupport;
import com.bowwow.user.safety.SafetyModel;
import com.bowwow.user.token.TokenRevocation;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;

/**
 * Deletion: one transaction with a tombstone in PostgreSQL, then the Redis markers, which
 * survive a flush and a crash between the commit and the Redis write.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "bowwow.user.revocation-check-interval=1h",
				"bowwow.user.marker-poll-interval=1h" })
@Import(BowWowTestInfrastructure.class)
class DeletionTests extends HttpTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	private SafetyModel safetyModel;

	@MockitoSpyBean
	TokenRevocation revocation;

	private boolean revoked(Object userId) {
		return Boolean.TRUE.equals(this.redis.hasKey(AccessTokens.revokedUserKey(UserId.parse((String) userId))));
	}

	private boolean inDeletedSet(Object userId) {
		return Boolean.TRUE.equals(this.redis.opsForSet().isMember(SafetyReads.DELETED_KEY, userId));
	}

	private int count(String sql, Object userId) {
		return this.jdbc.sql(sql).param(userId).query(Integer.class).single();
	}

	private HttpResponse<String> delete(Map<String, Object> user) throws Exception {
		return send("DELETE", "/api/v1/users/" + user.get("userID"), bearer(user), null);
	}

	@Test
	void beforeThe204TheTombstoneIsCommittedAndTheTokensAreRefusedAndTheUserHidden() throws Exception {
		Map<String, Object> user = newUser();
		Object id = user.get("userID");
		assertThat(delete(user).statusCode()).isEqualTo(204);
		assertThat(count("SELECT count(*) FROM deleted_users WHERE user_id = ?::uuid", id)).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM refresh_families WHERE user_id = ?::uuid", id)).isZero();
		assertThat(count(
				"SELECT count(*) FROM event_outbox WHERE event_type = 'UserDeleted' AND payload LIKE '%' || ? || '%'",
				id))
			.isEqualTo(1);
		assertThat(revoked(id)).isTrue();
		assertThat(inDeletedSet(id)).isTrue();
		problem(send("POST", "/api/v1/users/token", null, "{\"refreshToken\":\"" + user.get("refreshToken") + "\"}"),
				401, "INVALID_REFRESH_TOKEN");
	}

	@Test
	void aRedisFlushDoesNotReviveADeletedUsersTokens() throws Exception {
		Map<String, Object> user = newUser();
		Object id = user.get("userID");
		assertThat(delete(user).statusCode()).isEqualTo(204);
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		assertThat(revoked(id)).isFalse();
		// the marker is gone with everything else: the token cannot be told from a live
		// one, so it is refused as unavailable, never let through
		HttpResponse<String> meanwhile = send("GET", "/api/v1/users/" + id, bearer(user), null);
		problem(meanwhile, 503, "SERVICE_UNAVAILABLE");
		assertThat(meanwhile.headers().firstValue("Retry-After")).isPresent();
		// the periodic check sees the ready marker gone and rebuilds from the tombstones
		assertThat(this.revocation.check()).isTrue();
		// (the safety model's own rebuild, which the polling would run within a second)
		assertThat(this.safetyModel.rebuildIfNeeded()).isTrue();
		assertThat(revoked(id)).isTrue();
		assertThat(inDeletedSet(id)).isTrue();
		assertThat(this.redis.getExpire(AccessTokens.revokedUserKey(UserId.parse((String) id))))
			.isBetween(Duration.ofDays(7).minusMinutes(1).toSeconds(), Duration.ofDays(7).plusMinutes(5).toSeconds());
		problem(send("GET", "/api/v1/users/" + id, bearer(user), null), 401, "UNAUTHORIZED");
		assertThat(this.revocation.check()).isFalse();
	}

	@Test
	void aCrashBetweenTheCommitAndTheRedisWriteIsRepairedByARetriedDelete() throws Exception {
		Map<String, Object> user = newUser();
		Object id = user.get("userID");
		doThrow(new RedisConnectionFailureException("simulated crash after commit")).doCallRealMethod()
			.when(this.revocation)
			.publish(any(), any());
		HttpResponse<String> first = delete(user);
		problem(first, 503, "SERVICE_UNAVAILABLE");
		assertThat(first.headers().firstValue("Retry-After")).isPresent();
		assertThat(count("SELECT count(*) FROM users WHERE id = ?::uuid", id)).isZero();
		assertThat(revoked(id)).isFalse();
		// the token still looks valid; the retry must finish the job, not be refused
		assertThat(delete(user).statusCode()).isEqualTo(204);
		assertThat(revoked(id)).isTrue();
		assertThat(inDeletedSet(id)).isTrue();
		problem(delete(user), 401, "UNAUTHORIZED");
	}

	@Test
	void aCrashBeforeTheRedisWriteWithoutARetryIsRepairedByThePeriodicCheck() throws Exception {
		Map<String, Object> user = newUser();
		Object id = user.get("userID");
		doNothing().doCallRealMethod().when(this.revocation).publish(any(), any());
		assertThat(delete(user).statusCode()).isEqualTo(204);
		assertThat(revoked(id)).isFalse();
		this.revocation.check();
		assertThat(revoked(id)).isTrue();
		assertThat(inDeletedSet(id)).isTrue();
	}

	@Test
	void aCrashAfterTheRedisWriteLeavesTheAccountFullyDeleted() throws Exception {
		Map<String, Object> user = newUser();
		Object id = user.get("userID");
		doAnswer((call) -> {
			call.callRealMethod();
			throw new RedisConnectionFailureException("simulated crash after the Redis write");
		}).doCallRealMethod().when(this.revocation).publish(any(), any());
		delete(user);
		assertThat(count("SELECT count(*) FROM users WHERE id = ?::uuid", id)).isZero();
		assertThat(revoked(id)).isTrue();
		problem(delete(user), 401, "UNAUTHORIZED");
	}

	@Test
	void unknownUsersAre404AndOldEntriesLeaveTheDeletedSet() throws Exception {
		Map<String, Object> user = newUser();
		String stranger = UserId.random().toString();
		this.jdbc.sql("INSERT INTO deleted_users (user_id, deleted_at) VALUES (?::uuid, ?)")
			.params(stranger, Timestamp.from(Instant.now().minus(Duration.ofHours(26))))
			.update();
		this.redis.opsForSet().add(SafetyReads.DELETED_KEY, stranger);
		Map<String, Object> recent = newUser();
		assertThat(delete(recent).statusCode()).isEqualTo(204);
		this.redis.delete(TokenRevocation.READY_KEY);
		assertThat(this.revocation.check()).isTrue();
		assertThat(inDeletedSet(stranger)).isFalse();
		assertThat(inDeletedSet(recent.get("userID"))).isTrue();
		// still within the token lifetime: its marker is rebuilt
		assertThat(revoked(stranger)).isTrue();
		assertThat(delete(user).statusCode()).isEqualTo(204);
	}

}
