package com.bowwow.common.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.bowwow.common.id.UserId;

import com.bowwow.common.redis.LuaScripts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The user-safety read model every service consults: who is suspended, and which pairs of
 * users are kept apart by a block. user-service owns it: it writes these keys
 * synchronously, after its PostgreSQL transaction commits and before it answers, so a
 * block or suspension is in force everywhere the moment the client sees the 2xx; it
 * rebuilds them from PostgreSQL (the truth) whenever {@link #READY_KEY} is missing, e.g.
 * after a Redis flush. Other services only read.
 *
 * <p>
 * Keys: {@code bowwow:safety:blocks:<userID>}, a set holding every user blocked by or
 * blocking that user (a block is written into both users' sets, so one look-up answers
 * both directions); {@code bowwow:safety:suspended}, the set of suspended users.
 */
public class SafetyReads {

	/** Present once user-service has (re)built the read model from PostgreSQL. */
	public static final String READY_KEY = "bowwow:safety:ready";

	/** The set of suspended user IDs. */
	public static final String SUSPENDED_KEY = "bowwow:safety:suspended";

	/**
	 * The set of users deleted recently (user-service adds them before its 204 and drops
	 * them once nothing of theirs can remain anywhere): every read leaves them out at
	 * once, while each service erases what it holds from the {@code UserDeleted} event.
	 */
	public static final String DELETED_KEY = "bowwow:safety:deleted";

	private static final String BLOCKS_PREFIX = "bowwow:safety:blocks:";

	/** Matches every block set (for the rebuild's SCAN). */
	public static final String BLOCKS_KEY_PATTERN = BLOCKS_PREFIX + "*";

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> HIDDEN = LuaScripts.load(SafetyReads.class, "hidden.lua", List.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> APART = LuaScripts.load(SafetyReads.class, "apart.lua", List.class);

	private final StringRedisTemplate redis;

	public SafetyReads(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** The set of users kept apart from this user by a block in either direction. */
	public static String blocksKey(UserId userId) {
		return BLOCKS_PREFIX + userId;
	}

	/**
	 * Whether the model is complete. After a Redis flush or failover it is missing until
	 * user-service has rebuilt it (within seconds); a reader that must not show a blocked
	 * pair even then can treat "not ready" as "cannot tell" and fail closed.
	 * @throws org.springframework.dao.DataAccessException when Redis cannot answer
	 */
	public boolean isReady() {
		return Boolean.TRUE.equals(this.redis.hasKey(READY_KEY));
	}

	/**
	 * @throws org.springframework.dao.DataAccessException when Redis cannot answer
	 */
	public boolean isSuspended(UserId userId) {
		return Boolean.TRUE.equals(this.redis.opsForSet().isMember(SUSPENDED_KEY, userId.toString()));
	}

	/** Whether a block (made by either of them) stands between the two users. */
	public boolean blockedBetween(UserId one, UserId other) {
		return Boolean.TRUE.equals(this.redis.opsForSet().isMember(blocksKey(one), other.toString()));
	}

	/** Everyone kept apart from this user by a block in either direction. */
	public Set<UserId> blockedWith(UserId userId) {
		Set<String> members = this.redis.opsForSet().members(blocksKey(userId));
		return toUserIds(members);
	}

	/**
	 * Which of {@code others} the viewer must not see or reach: blocked either way,
	 * suspended, or deleted. One round trip.
	 */
	public Set<UserId> hiddenFrom(UserId viewer, Collection<UserId> others) {
		return flaggedBy(List.of(blocksKey(viewer), SUSPENDED_KEY, DELETED_KEY), others);
	}

	/**
	 * Of these users, those nobody may see or reach: suspended or recently deleted. One
	 * round trip.
	 */
	public Set<UserId> hiddenFromEveryone(Collection<UserId> userIds) {
		return flaggedBy(List.of(SUSPENDED_KEY, DELETED_KEY), userIds);
	}

	/**
	 * The users any of the sets holds. A script, not a pipeline: it runs on the shared
	 * connection, where a pipeline borrows one of its own from the pool, and nearby
	 * queries at the rate the bench drives them exhausted the pool and were refused with
	 * 503.
	 */
	private Set<UserId> flaggedBy(List<String> sets, Collection<UserId> userIds) {
		if (userIds.isEmpty()) {
			return Set.of();
		}
		List<UserId> candidates = List.copyOf(userIds);
		Object[] members = candidates.stream().map(UserId::toString).toArray();
		List<?> positions = this.redis.execute(HIDDEN, sets, members);
		if (positions == null || positions.isEmpty()) {
			return Set.of();
		}
		Set<UserId> hidden = new HashSet<>();
		for (Object position : positions) {
			hidden.add(candidates.get(((Number) position).intValue() - 1));
		}
		return hidden;
	}

	/** What keeps two users apart, the first that applies in this order. */
	public enum Separation {

		/** Nothing: they may see and reach each other. */
		NONE,
		/** Either of them is suspended. */
		SUSPENDED,
		/** A block stands between them, made by either. */
		BLOCKED,
		/** Either of them was deleted recently. */
		DELETED

	}

	/**
	 * Two users who are about to meet: a sender and a receiver.
	 *
	 * @param one the first user
	 * @param other the second, or null when only the first user's own standing matters
	 */
	public record Meeting(UserId one, UserId other) {

		public Meeting {
			java.util.Objects.requireNonNull(one, "one");
		}

	}

	/**
	 * What keeps each pair apart, in the pairs' order. One round trip whatever the number
	 * of pairs, on the shared connection (a script, not a pipeline).
	 * @throws org.springframework.dao.DataAccessException when Redis cannot answer
	 */
	public List<Separation> separations(List<Meeting> meetings) {
		if (meetings.isEmpty()) {
			return List.of();
		}
		List<String> keys = new ArrayList<>(2 + meetings.size());
		keys.add(SUSPENDED_KEY);
		keys.add(DELETED_KEY);
		Object[] users = new Object[meetings.size() * 2];
		for (int i = 0; i < meetings.size(); i++) {
			Meeting meeting = meetings.get(i);
			keys.add(blocksKey(meeting.one()));
			users[2 * i] = meeting.one().toString();
			users[2 * i + 1] = (meeting.other() != null) ? meeting.other().toString() : "";
		}
		List<?> codes = this.redis.execute(APART, keys, users);
		if (codes == null || codes.size() != meetings.size()) {
			// never read a short answer as "nothing stands between them"
			throw new org.springframework.dao.InvalidDataAccessApiUsageException("The safety read model gave "
					+ ((codes != null) ? codes.size() : 0) + " answers for " + meetings.size() + " pairs");
		}
		Separation[] all = Separation.values();
		List<Separation> separations = new ArrayList<>(codes.size());
		for (Object code : codes) {
			separations.add(all[((Number) code).intValue()]);
		}
		return separations;
	}

	/** Of these users, those that are suspended. */
	public Set<UserId> suspendedAmong(Collection<UserId> userIds) {
		return membersAmong(SUSPENDED_KEY, userIds);
	}

	/**
	 * Of these users, those deleted recently: gone from every read at once, before their
	 * data is erased.
	 */
	public Set<UserId> deletedAmong(Collection<UserId> userIds) {
		return membersAmong(DELETED_KEY, userIds);
	}

	private Set<UserId> membersAmong(String key, Collection<UserId> userIds) {
		if (userIds.isEmpty()) {
			return Set.of();
		}
		List<UserId> candidates = List.copyOf(userIds);
		java.util.Map<Object, Boolean> flags = this.redis.opsForSet()
			.isMember(key, candidates.stream().map(UserId::toString).toArray());
		Set<UserId> members = new HashSet<>();
		if (flags != null) {
			candidates.stream().filter((id) -> Boolean.TRUE.equals(flags.get(id.toString()))).forEach(members::add);
		}
		return members;
	}

	private static Set<UserId> toUserIds(Collection<String> members) {
		if (members == null || members.isEmpty()) {
			return Set.of();
		}
		List<UserId> ids = new ArrayList<>(members.size());
		for (String member : members) {
			ids.add(UserId.parse(member));
		}
		return Set.copyOf(ids);
	}

}
