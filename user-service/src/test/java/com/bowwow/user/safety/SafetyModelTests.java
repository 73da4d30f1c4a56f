package com.bowwow.user.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.user.account.UserAccounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Redis read model against PostgreSQL: rebuilt after a real FLUSHDB, stale entries
 * dropped, rebuilds racing writes, deletion, and Redis failing after a commit.
 */
class SafetyModelTests extends SafetyTestSupport {

	@Autowired
	SafetyModel model;

	@Autowired
	SafetyStore store;

	@Autowired
	UserAccounts accounts;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Test
	void aFlushedModelIsRebuiltFromPostgreSQL() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		Map<String, Object> carol = user();
		Map<String, Object> dave = user();
		block(alice, bob.get("userID"));
		block(carol, alice.get("userID"));
		suspend(dave.get("userID"), "{\"reason\":\"spam\"}");
		Set<String> aliceBefore = blockSet(alice);
		assertThat(aliceBefore).hasSize(2);

		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		// (no assertion on the empty model here: the check runs every 500 ms and may
		// already be rebuilding)

		// the scheduled check notices the missing marker and rebuilds
		await().atMost(Duration.ofSeconds(15))
			.until(() -> Boolean.TRUE.equals(this.redis.hasKey(SafetyReads.READY_KEY)));
		assertThat(this.safetyReads.isReady()).isTrue();
		assertThat(blockSet(alice)).isEqualTo(aliceBefore);
		assertThat(blockSet(bob)).containsExactly((String) alice.get("userID"));
		assertThat(blockSet(carol)).containsExactly((String) alice.get("userID"));
		assertThat(suspendedInRedis(dave)).isTrue();
		assertThat(send("GET", "/api/v1/users/" + dave.get("userID"), bearer(dave), null).statusCode()).isEqualTo(403);
	}

	@Test
	void aRebuildDropsEntriesPostgreSQLDoesNotHold() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		block(alice, bob.get("userID"));
		String stranger = UserId.random().toString();
		this.redis.opsForSet().add(SafetyReads.blocksKey(id(alice)), stranger);
		this.redis.opsForSet().add(SafetyReads.blocksKey(UserId.parse(stranger)), (String) alice.get("userID"));
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, (String) bob.get("userID"));

		this.model.requestRebuild();
		// this call or the scheduled check (whichever takes the request) rebuilds
		this.model.rebuildIfNeeded();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> !this.redis.hasKey(SafetyReads.blocksKey(UserId.parse(stranger))) && !suspendedInRedis(bob));
		assertThat(blockSet(alice)).containsExactly((String) bob.get("userID"));
		// present and not requested: nothing to do
		assertThat(this.model.rebuildIfNeeded()).isFalse();
	}

	@Test
	void rebuildsRacingBlocksAndUnblocksLeaveRedisEqualToPostgreSQL() throws Exception {
		List<Map<String, Object>> users = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			users.add(user());
		}
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < 3; w++) {
				writers.add(pool.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int op = 0; op < 40; op++) {
						Map<String, Object> one = users.get(random.nextInt(users.size()));
						Map<String, Object> other = users.get(random.nextInt(users.size()));
						if (one == other) {
							continue;
						}
						int status = random.nextBoolean() ? block(one, other.get("userID")).statusCode()
								: unblock(one, other.get("userID")).statusCode();
						assertThat(status).isBetween(200, 204);
					}
					return null;
				}));
			}
			Future<?> rebuilder = pool.submit(() -> {
				while (writing.get()) {
					this.model.requestRebuild();
					this.model.rebuildIfNeeded();
				}
				return null;
			});
			for (Future<?> writer : writers) {
				writer.get();
			}
			writing.set(false);
			rebuilder.get();
		}
		finally {
			pool.shutdownNow();
		}
		Map<String, Set<String>> expected = new HashMap<>();
		for (SafetyStore.Block block : this.store.allBlocks()) {
			expected.computeIfAbsent(block.blocker().toString(), (k) -> new HashSet<>())
				.add(block.blocked().toString());
			expected.computeIfAbsent(block.blocked().toString(), (k) -> new HashSet<>())
				.add(block.blocker().toString());
		}
		for (Map<String, Object> user : users) {
			assertThat(blockSet(user)).as("blocks of " + user.get("userID"))
				.isEqualTo(expected.getOrDefault((String) user.get("userID"), Set.of()));
		}
	}

	@Test
	void deletingAnAccountRemovesItsBlocksAndReportsAndAnonymisesReportsAgainstIt() throws Exception {
		Map<String, Object> leaving = user();
		Map<String, Object> blockedByLeaving = user();
		Map<String, Object> blockingLeaving = user();
		Map<String, Object> reportedByLeaving = user();
		Map<String, Object> reporterOfLeaving = user();
		block(leaving, blockedByLeaving.get("userID"));
		block(blockingLeaving, leaving.get("userID"));
		report(leaving, "{\"reportedUserID\":\"" + reportedByLeaving.get("userID") + "\",\"reason\":\"spam\"}");
		String against = (String) body(report(reporterOfLeaving,
				"{\"reportedUserID\":\"" + leaving.get("userID") + "\",\"reason\":\"harassment\",\"signalID\":\""
						+ java.util.UUID.randomUUID() + "\",\"note\":\"rude\"}"))
			.get("reportID");
		assertThat(blockSet(leaving)).hasSize(4);

		assertThat(send("DELETE", "/api/v1/users/" + leaving.get("userID"), bearer(leaving), null).statusCode())
			.isEqualTo(204);

		String leavingId = (String) leaving.get("userID");
		assertThat(this.redis.hasKey(SafetyReads.blocksKey(id(leaving)))).isFalse();
		for (Map<String, Object> other : List.of(blockedByLeaving, blockingLeaving, reportedByLeaving,
				reporterOfLeaving)) {
			assertThat(blockSet(other)).doesNotContain(leavingId);
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM blocks WHERE blocker_id = ?::uuid OR blocked_id = ?::uuid")
			.params(leavingId, leavingId)
			.query(Integer.class)
			.single()).isZero();
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM reports WHERE reporter_id = ?::uuid OR reported_user_id = ?::uuid")
					.params(leavingId, leavingId)
					.query(Integer.class)
					.single())
			.isZero();
		Map<String, Object> anonymised = list(
				send("GET", "/api/v1/operator/reports?status=closed&limit=500", OPERATOR, null))
			.stream()
			.filter((r) -> r.get("reportID").equals(against))
			.findFirst()
			.orElseThrow();
		assertThat(anonymised).containsEntry("reportedUserID", null)
			.containsEntry("signalID", null)
			.containsEntry("status", "closed")
			.containsEntry("reporterID", reporterOfLeaving.get("userID"));
		assertThat(send("GET", "/api/v1/operator/reports?status=open&limit=500", OPERATOR, null).body())
			.doesNotContain(leavingId);
	}

	@Test
	void aSuspendedAccountDeletedLeavesTheSuspendedSet() throws Exception {
		Map<String, Object> user = user();
		suspend(user.get("userID"), "{\"reason\":\"spam\"}");
		assertThat(suspendedInRedis(user)).isTrue();
		this.accounts.delete(id(user));
		assertThat(suspendedInRedis(user)).isFalse();
	}

	@Test
	void redisFailingAfterTheCommitAnswersARetryable503AndAsksForARebuild() throws Exception {
		Map<String, Object> alice = user();
		Map<String, Object> bob = user();
		LettuceConnectionFactory closed = new LettuceConnectionFactory("localhost", closedPort());
		closed.afterPropertiesSet();
		try {
			StringRedisTemplate unreachable = new StringRedisTemplate(closed);
			SafetyModel broken = new SafetyModel(this.jdbc, this.store, unreachable, this.transactionManager,
					new SafetyProperties(Duration.ofSeconds(5), Duration.ofSeconds(5)));
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> broken.syncPair(id(alice), id(bob)))
				.satisfies((ex) -> {
					assertThat(ex.type().status().value()).isEqualTo(503);
					assertThat(ex.headers().getFirst("Retry-After")).isNotNull();
				});
			// the failed instance rebuilds on its next check (here: still failing, so it
			// keeps asking)
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(broken::rebuildIfNeeded);
		}
		finally {
			closed.destroy();
		}
		// a retry against a working Redis is idempotent and writes the model
		block(alice, bob.get("userID"));
		assertThat(block(alice, bob.get("userID")).statusCode()).isEqualTo(200);
		assertThat(blockSet(bob)).containsExactly((String) alice.get("userID"));
	}

	private static int closedPort() throws Exception {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
