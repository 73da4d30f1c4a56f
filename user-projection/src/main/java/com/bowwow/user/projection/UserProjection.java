package com.bowwow.user.projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.api.UserUnblocked;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one local projection of user-service's events that services keep so that no request
 * waits on user-service: each user's settings, and a tombstone for each deleted user.
 * Applying is idempotent and order-safe: settings carry their time and only a newer event
 * wins; a deletion is final, so a settings event redelivered (or arriving late) after it
 * never brings the user back. Blocks and suspensions are not projected: every service
 * reads them live from the safety read model
 * ({@link com.bowwow.common.security.SafetyReads}).
 * <p>
 * Its table, {@code user_settings}, ships with this library as a Flyway location: a
 * service lists {@code classpath:db/user-projection} among its Flyway locations.
 */
public class UserProjection {

	private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final String table;

	/** Built once: the one read of every location update and nearby query */
	private final String settingsQuery;

	/**
	 * @param jdbc the service's database
	 * @param transactions in which a deletion and the service's erasure commit together
	 * @param table the projection table (see above), in the service's own schema
	 */
	public UserProjection(JdbcClient jdbc, TransactionTemplate transactions, String table) {
		if (!TABLE.matcher(table).matches()) {
			throw new IllegalArgumentException("Not a plain table name: " + table);
		}
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.table = table;
		this.settingsQuery = "select distance_unit, is_offline, deleted from %s where user_id = ?".formatted(table);
	}

	/**
	 * Applies one user event (what the service's stream consumer calls).
	 * @param event the event
	 * @param hooks what the service does when the projection changes
	 */
	public void apply(UserEvent event, Hooks hooks) {
		String eventId = event.eventId().toString();
		switch (event) {
			case UserRegistered registered -> settingsEvent(eventId, registered.userId(), registered.distanceUnit(),
					registered.isOffline(), registered.occurredAt(), hooks);
			case UserSettingsChanged changed -> settingsEvent(eventId, changed.userId(), changed.distanceUnit(),
					changed.isOffline(), changed.occurredAt(), hooks);
			case UserDeleted deleted -> delete(eventId, deleted.userId(), deleted.occurredAt(), hooks);
			// Read live from the safety read model: nothing to project.
			case UserBlocked _, UserUnblocked _, UserSuspended _, UserSuspensionLifted _, ReportFiled _ -> {
			}
		}
	}

	private void settingsEvent(String eventId, UserId userId, DistanceUnit unit, boolean isOffline, Instant occurredAt,
			Hooks hooks) {
		if (applySettings(eventId, userId, unit, isOffline, occurredAt)) {
			hooks.settingsChanged(userId);
		}
	}

	/**
	 * Stores settings unless a newer event, or the user's deletion, was applied already.
	 * @return whether the stored settings changed
	 */
	public boolean applySettings(String eventId, UserId userId, DistanceUnit unit, boolean isOffline,
			Instant occurredAt) {
		return this.jdbc.sql("""
				insert into %1$s (user_id, distance_unit, is_offline, deleted, occurred_at, last_event_id)
				values (:id, :unit, :offline, false, :at, :event)
				on conflict (user_id) do update set distance_unit = excluded.distance_unit,
				    is_offline = excluded.is_offline, occurred_at = excluded.occurred_at,
				    last_event_id = excluded.last_event_id
				where not %1$s.deleted and %1$s.occurred_at <= excluded.occurred_at
				    and %1$s.last_event_id <> excluded.last_event_id
				""".formatted(this.table))
			.param("id", userId.value())
			.param("unit", unit.wireName())
			.param("offline", isOffline)
			.param("at", Timestamp.from(occurredAt))
			.param("event", eventId)
			.update() == 1;
	}

	/**
	 * Marks the user deleted for good and has the service erase what it holds about them,
	 * in one transaction. Idempotent: a redelivery erases again what is gone.
	 */
	public void delete(String eventId, UserId userId, Instant occurredAt, Hooks hooks) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.sql("""
					insert into %1$s (user_id, distance_unit, is_offline, deleted, occurred_at, last_event_id)
					values (:id, 'mile', true, true, :at, :event)
					on conflict (user_id) do update set deleted = true, is_offline = true,
					    occurred_at = greatest(%1$s.occurred_at, excluded.occurred_at),
					    last_event_id = excluded.last_event_id
					""".formatted(this.table))
				.param("id", userId.value())
				.param("at", Timestamp.from(occurredAt))
				.param("event", eventId)
				.update();
			hooks.erase(userId);
		});
		hooks.erased(userId);
	}

	/**
	 * The user's settings: the defaults when no event about them has arrived yet, offline
	 * when they were deleted.
	 */
	public UserSettings settingsOf(UserId userId) {
		return this.jdbc.sql(this.settingsQuery)
			.param(userId.value())
			.query((rs, n) -> settings(rs.getString("distance_unit"), rs.getBoolean("is_offline"),
					rs.getBoolean("deleted")))
			.optional()
			.orElse(UserSettings.DEFAULTS);
	}

	/** {@link #settingsOf(UserId)} of many users in one query. */
	public Map<UserId, UserSettings> settingsOf(Collection<UserId> userIds) {
		Map<UserId, UserSettings> settings = new HashMap<>();
		if (!userIds.isEmpty()) {
			this.jdbc
				.sql("select user_id, distance_unit, is_offline, deleted from %s where user_id = any(?)"
					.formatted(this.table))
				.param(ids(userIds))
				.query((rs) -> {
					settings.put(new UserId(rs.getObject("user_id", UUID.class)), settings(
							rs.getString("distance_unit"), rs.getBoolean("is_offline"), rs.getBoolean("deleted")));
				});
		}
		userIds.forEach((user) -> settings.putIfAbsent(user, UserSettings.DEFAULTS));
		return settings;
	}

	/** Whether user-service reported the account deleted. */
	public boolean isDeleted(UserId userId) {
		return this.jdbc.sql("select deleted from %s where user_id = ?".formatted(this.table))
			.param(userId.value())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** Which of these users this projection hides (offline or deleted). */
	public Set<UserId> invisibleAmong(Collection<UserId> userIds) {
		if (userIds.isEmpty()) {
			return Set.of();
		}
		Set<UserId> result = new HashSet<>();
		this.jdbc.sql("select user_id from %s where user_id = any(?) and (is_offline or deleted)".formatted(this.table))
			.param(ids(userIds))
			.query(UUID.class)
			.list()
			.forEach((id) -> result.add(new UserId(id)));
		return result;
	}

	private static UUID[] ids(Collection<UserId> userIds) {
		return userIds.stream().map(UserId::value).toArray(UUID[]::new);
	}

	private static UserSettings settings(String unit, boolean isOffline, boolean deleted) {
		return deleted ? UserSettings.DELETED : new UserSettings(DistanceUnit.fromWire(unit), isOffline);
	}

	/** What a service does when its projection changes. */
	public interface Hooks {

		/**
		 * A user's stored settings changed (e.g. going offline: stop listing them).
		 * @param userId the user
		 */
		default void settingsChanged(UserId userId) {
		}

		/**
		 * The user was deleted: erase everything the service holds about them. Runs in
		 * the transaction that records the tombstone; must be idempotent.
		 * @param userId the deleted user
		 */
		void erase(UserId userId);

		/**
		 * The deletion committed (e.g. tell other instances, which read the database).
		 * @param userId the deleted user
		 */
		default void erased(UserId userId) {
		}

	}

}
