package com.bowwow.signal.users;

import com.bowwow.common.events.EventOutbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The local projection of users' settings. Until a user's registration event arrives
 * (usually within milliseconds), the contract's defaults are assumed.
 */
public class KnownUsers {

	private final JdbcTemplate jdbc;

	private final EventOutbox outbox;

	public KnownUsers(JdbcTemplate jdbc, EventOutbox outbox) {
		this.outbox = outbox;
		this.jdbc = jdbc;
	}

	public UserSettings settingsOf(UserId user) {
		List<UserSettings> found = this.jdbc.query(
				"select distance_unit, is_offline from known_users where user_id = ?",
				(rs, row) -> new UserSettings(DistanceUnit.fromWire(rs.getString(1)), rs.getBoolean(2)), user.value());
		return found.isEmpty() ? UserSettings.DEFAULTS : found.get(0);
	}

	/** Settings of many users in one query; unknown users get the defaults. */
	public Map<UserId, UserSettings> settingsOf(Collection<UserId> users) {
		Map<UserId, UserSettings> settings = new HashMap<>();
		if (users.isEmpty()) {
			return settings;
		}
		this.jdbc.execute((Connection connection) -> {
			Array ids = connection.createArrayOf("uuid", users.stream().map(UserId::value).toArray(UUID[]::new));
			try (PreparedStatement statement = connection.prepareStatement(
					"select user_id, distance_unit, is_offline from known_users where user_id = any (?)")) {
				statement.setArray(1, ids);
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						settings.put(new UserId(rs.getObject(1, UUID.class)),
								new UserSettings(DistanceUnit.fromWire(rs.getString(2)), rs.getBoolean(3)));
					}
				}
			}
			finally {
				ids.free();
			}
			return null;
		});
		users.forEach((user) -> settings.putIfAbsent(user, UserSettings.DEFAULTS));
		return settings;
	}

	/**
	 * Applies settings as of {@code asOf}, unless something newer was applied already.
	 */
	public void apply(UserId user, UserSettings settings, Instant asOf) {
		this.jdbc.update(
				"""
						insert into known_users (user_id, distance_unit, is_offline, updated_at) values (?, ?, ?, ?)
						on conflict (user_id) do update
						set distance_unit = excluded.distance_unit, is_offline = excluded.is_offline, updated_at = excluded.updated_at
						where known_users.updated_at <= excluded.updated_at
						""",
				user.value(), settings.distanceUnit().wireName(), settings.offline(), Timestamp.from(asOf));
	}

	/**
	 * Removes everything signal-service holds about a user: their settings, the signals
	 * they sent (with those signals' receipts and pending arrivals), what they received
	 * and what is still on its way to them.
	 */
	public void forget(UserId user) {
		this.jdbc.update("delete from signals where sender_id = ?", user.value());
		this.jdbc.update("delete from receipts where receiver_id = ?", user.value());
		this.jdbc.update("delete from pending_arrivals where receiver_id = ?", user.value());
		this.jdbc.update("delete from sender_cooldowns where sender_id = ?", user.value());
		this.jdbc.update("delete from known_users where user_id = ?", user.value());
		this.outbox.eraseFromPublished(user.value());
	}

}
