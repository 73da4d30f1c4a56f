package com.bowwow.user.safety;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.user.safety.SafetyStore.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the Redis read model ({@link SafetyReads}) saying what PostgreSQL says.
 *
 * <p>
 * A change commits first; then the affected entries are synchronised from the committed
 * rows (not from the request), under a PostgreSQL advisory lock per pair or user. So
 * whichever of two racing writers synchronises last reads the final state and writes it
 * last: Redis never keeps an outdated answer. A rebuild takes the same lock family
 * exclusively, so it reads a snapshot no in-flight synchronisation can overwrite with an
 * older one, and every change committed after the snapshot synchronises after it.
 *
 * <p>
 * When Redis fails after the commit the caller gets a retryable 503 (a retry is
 * idempotent and synchronises again), and this instance rebuilds the whole model on its
 * next check, so a client that never retries is covered too.
 */
@Component
public class SafetyModel {

	private static final Logger log = LoggerFactory.getLogger(SafetyModel.class);

	/** The advisory lock every synchronisation shares and a rebuild takes alone. */
	static final long MODEL_LOCK = 0x626f77776f77L;

	private final JdbcClient jdbc;

	private final SafetyStore store;

	private final StringRedisTemplate redis;

	private final TransactionTemplate transactions;

	private final SafetyProperties properties;

	private final AtomicBoolean rebuildRequested = new AtomicBoolean();

	SafetyModel(JdbcClient jdbc, SafetyStore store, StringRedisTemplate redis,
			PlatformTransactionManager transactionManager, SafetyProperties properties) {
		this.jdbc = jdbc;
		this.store = store;
		this.redis = redis;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
	}

	/**
	 * Writes whether a block (either way) stands between the two users into both users'
	 * sets.
	 * @throws ApiException 503 when Redis cannot be written
	 */
	void syncPair(UserId one, UserId other) {
		String lo = (one.toString().compareTo(other.toString()) <= 0) ? one.toString() : other.toString();
		String hi = lo.equals(one.toString()) ? other.toString() : one.toString();
		synchronise("pair:" + lo + ":" + hi, () -> {
			boolean blocked = this.store.blockedBetween(one, other);
			pipelined((connection, strings) -> {
				byte[] oneKey = strings.serialize(SafetyReads.blocksKey(one));
				byte[] otherKey = strings.serialize(SafetyReads.blocksKey(other));
				if (blocked) {
					connection.setCommands().sAdd(oneKey, strings.serialize(other.toString()));
					connection.setCommands().sAdd(otherKey, strings.serialize(one.toString()));
				}
				else {
					connection.setCommands().sRem(oneKey, strings.serialize(other.toString()));
					connection.setCommands().sRem(otherKey, strings.serialize(one.toString()));
				}
			});
			return null;
		});
	}

	/**
	 * Writes whether the user is suspended.
	 * @throws ApiException 503 when Redis cannot be written
	 */
	void syncSuspension(UserId user) {
		synchronise("user:" + user, () -> {
			boolean suspended = this.store.isSuspended(user);
			pipelined((connection, strings) -> {
				byte[] key = strings.serialize(SafetyReads.SUSPENDED_KEY);
				byte[] member = strings.serialize(user.toString());
				if (suspended) {
					connection.setCommands().sAdd(key, member);
				}
				else {
					connection.setCommands().sRem(key, member);
				}
			});
			return null;
		});
	}

	/**
	 * Removes a deleted user from the model: their own set, their entry in everyone
	 * else's (the partners known to PostgreSQL before the deletion and those Redis
	 * lists), and the suspended set.
	 */
	void forget(UserId user, Collection<UserId> partners) {
		synchronise("user:" + user, () -> {
			Set<String> everyone = new LinkedHashSet<>();
			partners.forEach((partner) -> everyone.add(partner.toString()));
			Set<String> listed = this.redis.opsForSet().members(SafetyReads.blocksKey(user));
			if (listed != null) {
				everyone.addAll(listed);
			}
			pipelined((connection, strings) -> {
				byte[] member = strings.serialize(user.toString());
				for (String partner : everyone) {
					connection.setCommands()
						.sRem(strings.serialize(SafetyReads.blocksKey(UserId.parse(partner))), member);
				}
				connection.keyCommands().del(strings.serialize(SafetyReads.blocksKey(user)));
				connection.setCommands().sRem(strings.serialize(SafetyReads.SUSPENDED_KEY), member);
			});
			return null;
		});
	}

	/** Asks for a full rebuild on this instance's next check. */
	void requestRebuild() {
		this.rebuildRequested.set(true);
	}

	/**
	 * Rebuilds the whole model from PostgreSQL when its ready marker is missing (Redis
	 * was flushed or failed over) or a write of this instance failed.
	 * @return whether this call rebuilt it
	 */
	public boolean rebuildIfNeeded() {
		boolean requested = this.rebuildRequested.getAndSet(false);
		try {
			if (!requested && Boolean.TRUE.equals(this.redis.hasKey(SafetyReads.READY_KEY))) {
				return false;
			}
			Boolean rebuilt = this.transactions.execute((status) -> {
				this.jdbc.sql("SELECT set_config('lock_timeout', :timeout, true)")
					.param("timeout", this.properties.rebuildLockTimeout().toMillis() + "ms")
					.query(String.class)
					.single();
				// Alone: no synchronisation runs while the snapshot is read and written.
				this.jdbc.sql("SELECT pg_advisory_xact_lock(:lock)::text")
					.param("lock", MODEL_LOCK)
					.query(String.class)
					.single();
				if (!requested && Boolean.TRUE.equals(this.redis.hasKey(SafetyReads.READY_KEY))) {
					return false;
				}
				rebuild();
				return true;
			});
			return Boolean.TRUE.equals(rebuilt);
		}
		catch (RuntimeException ex) {
			if (requested) {
				this.rebuildRequested.set(true);
			}
			throw ex;
		}
	}

	private void rebuild() {
		long started = System.nanoTime();
		Map<String, Set<String>> sets = new HashMap<>();
		List<Block> blocks = this.store.allBlocks();
		for (Block block : blocks) {
			sets.computeIfAbsent(SafetyReads.blocksKey(block.blocker()), (key) -> new HashSet<>())
				.add(block.blocked().toString());
			sets.computeIfAbsent(SafetyReads.blocksKey(block.blocked()), (key) -> new HashSet<>())
				.add(block.blocker().toString());
		}
		List<String> suspended = this.store.allSuspended().stream().map(UserId::toString).toList();
		List<String> stale = new ArrayList<>();
		try (Cursor<String> keys = this.redis
			.scan(ScanOptions.scanOptions().match(SafetyReads.BLOCKS_KEY_PATTERN).count(1000).build())) {
			keys.forEachRemaining(stale::add);
		}
		// One MULTI/EXEC: readers see the old model or the new one, never half of it.
		this.redis.execute(new SessionCallback<List<Object>>() {
			@Override
			@SuppressWarnings({ "unchecked", "rawtypes" })
			public List<Object> execute(RedisOperations operations) {
				RedisOperations<String, String> ops = operations;
				ops.multi();
				if (!stale.isEmpty()) {
					ops.delete(stale);
				}
				sets.forEach((key, members) -> {
					ops.delete(key);
					ops.opsForSet().add(key, members.toArray(String[]::new));
				});
				ops.delete(SafetyReads.SUSPENDED_KEY);
				if (!suspended.isEmpty()) {
					ops.opsForSet().add(SafetyReads.SUSPENDED_KEY, suspended.toArray(String[]::new));
				}
				ops.opsForValue().set(SafetyReads.READY_KEY, "rebuilt");
				return ops.exec();
			}
		});
		log.info("Rebuilt the safety read model from {} blocks and {} suspensions in {} ms", blocks.size(),
				suspended.size(), (System.nanoTime() - started) / 1_000_000);
	}

	private void synchronise(String subject, Supplier<Void> work) {
		try {
			this.transactions.executeWithoutResult((status) -> {
				this.jdbc.sql("SELECT pg_advisory_xact_lock_shared(:lock)::text")
					.param("lock", MODEL_LOCK)
					.query(String.class)
					.single();
				this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:subject, 0))::text")
					.param("subject", "bowwow:safety:" + subject)
					.query(String.class)
					.single();
				work.get();
			});
		}
		catch (DataAccessException ex) {
			requestRebuild();
			log.warn("Saved, but the safety read model could not be updated ({}): {}", subject, ex.toString());
			throw new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
					"The change is saved but not yet in force everywhere; please retry the same request shortly", ex)
				.header("Retry-After", "2");
		}
	}

	private void pipelined(PipelineWork work) {
		RedisSerializer<String> strings = this.redis.getStringSerializer();
		this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			work.run(connection, strings);
			return null;
		});
	}

	@FunctionalInterface
	private interface PipelineWork {

		void run(RedisConnection connection, RedisSerializer<String> strings);

	}

}
