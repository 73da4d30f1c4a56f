package com.bowwow.user.account;

import com.bowwow.user.api.DeviceTokenStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.Language;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The {@code users} table. */
@Repository
class UserRepository {

	private static final String COLUMNS = "id, device_token, device_token_status, is_offline, distance_unit, language, created_at, updated_at";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates the user with the device token, which no other account may hold at that
	 * moment (a concurrent registration of the same token fails with a duplicate key).
	 */
	void insert(UserId id, String deviceToken, Settings settings, Instant now) {
		this.jdbc.sql("""
				INSERT INTO users (id, device_token, is_offline, distance_unit, language, created_at, updated_at)
				VALUES (:id, :token, :offline, :unit, :language, :now, :now)""")
			.param("id", id.value())
			.param("token", deviceToken)
			.param("offline", settings.isOffline())
			.param("unit", settings.distanceUnit().wireName())
			.param("language", settings.language().wireName())
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Takes the device token away from whoever holds it (no pushes to them until their
	 * own install registers again).
	 */
	void releaseDeviceToken(String deviceToken, Instant now) {
		this.jdbc.sql("""
				UPDATE users SET device_token = NULL, device_token_status = 'dead', device_token_dead_at = :now,
				    updated_at = :now
				WHERE device_token = :token""").param("token", deviceToken).param("now", Timestamp.from(now)).update();
	}

	/** Gives the user this (live) device token; it must be free. */
	void assignDeviceToken(UserId id, String deviceToken, Instant now) {
		this.jdbc.sql("""
				UPDATE users SET device_token = :token, device_token_status = 'live', device_token_dead_at = NULL,
				    updated_at = :now
				WHERE id = :id""")
			.param("id", id.value())
			.param("token", deviceToken)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** The holder of the device token, locked until the transaction ends. */
	Optional<User> findByDeviceToken(String deviceToken) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE device_token = :token FOR UPDATE")
			.param("token", deviceToken)
			.query(UserRepository::user)
			.optional();
	}

	Optional<User> find(UserId id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id")
			.param("id", id.value())
			.query(UserRepository::user)
			.optional();
	}

	/** The users among these IDs that exist, in no particular order; one query. */
	List<User> findAll(Collection<UserId> ids) {
		UUID[] values = ids.stream().map(UserId::value).distinct().toArray(UUID[]::new);
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ANY(:ids)")
			.param("ids", new SqlArrayValue("uuid", (Object[]) values))
			.query(UserRepository::user)
			.list();
	}

	/** Reads the user and locks the row until the transaction ends. */
	Optional<User> lock(UserId id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id FOR UPDATE")
			.param("id", id.value())
			.query(UserRepository::user)
			.optional();
	}

	void updateSettings(UserId id, Settings settings, Instant now) {
		this.jdbc.sql("""
				UPDATE users SET is_offline = :offline, distance_unit = :unit, language = :language, updated_at = :now
				WHERE id = :id""")
			.param("id", id.value())
			.param("language", settings.language().wireName())
			.param("offline", settings.isOffline())
			.param("unit", settings.distanceUnit().wireName())
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Marks the token dead if it is still the user's current token.
	 * @return whether a row changed
	 */
	boolean markDeviceTokenDead(UserId id, String deviceToken, Instant now) {
		return this.jdbc.sql("""
				UPDATE users SET device_token_status = 'dead', device_token_dead_at = :now, updated_at = :now
				WHERE id = :id AND device_token = :token AND device_token_status = 'live'""")
			.param("id", id.value())
			.param("token", deviceToken)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	boolean delete(UserId id) {
		return this.jdbc.sql("DELETE FROM users WHERE id = :id").param("id", id.value()).update() == 1;
	}

	private static User user(ResultSet rs, int row) throws SQLException {
		return new User(new UserId(rs.getObject("id", UUID.class)), rs.getString("device_token"),
				DeviceTokenStatus.fromWire(rs.getString("device_token_status")),
				new Settings(rs.getBoolean("is_offline"), DistanceUnit.fromWire(rs.getString("distance_unit")),
						Language.fromWire(rs.getString("language"))),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
