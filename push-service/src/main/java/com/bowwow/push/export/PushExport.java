package com.bowwow.push.export;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pushes sent (or tried) to one user, as they were written: distance in the unit of
 * the message, their own device token. Pushes to other people about the user's signals
 * are only counted: those rows hold the other people's tokens and positions, and a sender
 * is never told who received their signal.
 */
class PushExport {

	private final JdbcClient jdbc;

	public PushExport(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Document of(UserId user) {
		List<Entry> deliveries = this.jdbc.sql("""
				SELECT id, signal_id, kind, sender_id, distance_meters, unit, direction, status, reason, attempts,
				       device_token, created_at, completed_at, expires_at
				FROM deliveries WHERE receiver_id = ?
				ORDER BY created_at DESC, id DESC
				""").param(user.value()).query((rs, row) -> {
			String unit = rs.getString("unit");
			double meters = rs.getDouble("distance_meters");
			Double distance = (rs.wasNull() || unit == null) ? null
					: Distance.ofMeters(meters).to(DistanceUnit.fromWire(unit)).rounded();
			UUID sender = rs.getObject("sender_id", UUID.class);
			return new Entry(rs.getObject("id", UUID.class), rs.getObject("signal_id", UUID.class),
					SignalKind.fromWire(rs.getString("kind")), (sender != null) ? new UserId(sender) : null, distance,
					unit, rs.getString("direction"), rs.getString("status").toLowerCase(java.util.Locale.ROOT),
					rs.getString("reason"), rs.getInt("attempts"), rs.getString("device_token"),
					instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("completed_at")),
					instant(rs.getTimestamp("expires_at")));
		}).list();
		long about = this.jdbc.sql("SELECT count(*) FROM deliveries WHERE sender_id = ?")
			.param(user.value())
			.query(Long.class)
			.single();
		return new Document(deliveries, about);
	}

	private static Instant instant(java.sql.Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * @param deliveries the pushes to the user, newest first
	 * @param pushesAboutYourSignals how many pushes went to others about the user's
	 * signals and responses
	 */
	public record Document(List<Entry> deliveries, long pushesAboutYourSignals) {

	}

	/**
	 * @param deliveryID the record
	 * @param signalID the signal (null for a test push)
	 * @param kind {@code signal}, {@code response} or {@code test}
	 * @param senderID who sent the signal (null for a test push)
	 * @param distance as the push showed it, in {@code unit}; null if never written
	 * @param unit the unit the push was written in
	 * @param direction from the user towards the origin
	 * @param status {@code pending}, {@code sent}, {@code rejected}, {@code skipped} or
	 * {@code dead_lettered}
	 * @param reason why it was skipped, rejected or dead-lettered
	 * @param attempts attempts made
	 * @param deviceToken the user's own token it went to
	 * @param createdAt when it was queued
	 * @param completedAt when it reached its final status
	 * @param expiresAt when it stopped making sense
	 */
	public record Entry(UUID deliveryID, UUID signalID, SignalKind kind, UserId senderID, Double distance, String unit,
			String direction, String status, String reason, int attempts, String deviceToken, Instant createdAt,
			Instant completedAt, Instant expiresAt) {

	}

}
