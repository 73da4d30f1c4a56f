package com.bowwow.location.settings;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code user_settings} projection table. */
@Repository
public class UserSettingsStore {

	private final JdbcClient jdbc;

	UserSettingsStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The user's settings; the defaults when no event about them has arrived yet. */
	public UserSettings find(UserId userId) {
		return this.jdbc.sql("select distance_unit, is_offline, deleted from user_settings where user_id = ?")
			.param(userId.value())
			.query((rs, n) -> rs.getBoolean("deleted") ? new UserSettings(DistanceUnit.MILE, true)
					: new UserSettings(DistanceUnit.fromWire(rs.getString("distance_unit")),
							rs.getBoolean("is_offline")))
			.optional()
			.orElse(UserSettings.DEFAULTS);
	}

	/** Whether user-service reported the account deleted. */
	public boolean isDeleted(UserId userId) {
		return this.jdbc.sql("select deleted from user_settings where user_id = ?")
			.param(userId.value())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Which of these users this projection hides (offline or deleted). Callers add what
	 * the safety read model hides ({@link SafetyReads}): blocks, suspensions and
	 * deletions user-service announced before its 204, ahead of the {@code UserDeleted}
	 * event.
	 */
	public Set<UserId> invisibleAmong(Collection<UserId> userIds) {
		if (userIds.isEmpty()) {
			return Set.of();
		}
		UUID[] ids = userIds.stream().map(UserId::value).toArray(UUID[]::new);
		Set<UserId> result = new HashSet<>();
		this.jdbc.sql("select user_id from user_settings where user_id = any(?) and (is_offline or deleted)")
			.param(ids)
			.query(UUID.class)
			.list()
			.forEach((id) -> result.add(new UserId(id)));
		return result;
	}

	/**
	 * Stores settings unless a newer event (or a deletion) was applied already.
	 * @return whether the row changed
	 */
	boolean upsert(String eventId, UserId userId, DistanceUnit unit, boolean isOffline, Instant occurredAt) {
		return this.jdbc.sql("""
				insert into user_settings (user_id, distance_unit, is_offline, deleted, occurred_at, last_event_id)
				values (:id, :unit, :offline, false, :at, :event)
				on conflict (user_id) do update set distance_unit = excluded.distance_unit,
				    is_offline = excluded.is_offline, occurred_at = excluded.occurred_at,
				    last_event_id = excluded.last_event_id
				where not user_settings.deleted and user_settings.occurred_at <= excluded.occurred_at
				    and user_settings.last_event_id <> excluded.last_event_id
				""")
			.param("id", userId.value())
			.param("unit", unit.wireName())
			.param("offline", isOffline)
			.param("at", Timestamp.from(occurredAt))
			.param("event", eventId)
			.update() == 1;
	}

	/** Marks the user deleted for good. */
	void tombstone(String eventId, UserId userId, Instant occurredAt) {
		this.jdbc.sql("""
				insert into user_settings (user_id, distance_unit, is_offline, deleted, occurred_at, last_event_id)
				values (:id, 'mile', true, true, :at, :event)
				on conflict (user_id) do update set deleted = true, is_offline = true,
				    occurred_at = greatest(user_settings.occurred_at, excluded.occurred_at),
				    last_event_id = excluded.last_event_id
				""")
			.param("id", userId.value())
			.param("at", Timestamp.from(occurredAt))
			.param("event", eventId)
			.update();
	}

}
