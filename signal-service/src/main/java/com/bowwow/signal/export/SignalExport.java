package com.bowwow.signal.export;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.retention.RetentionProperties;
import com.bowwow.signal.users.KnownUsers;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Everything signal-service holds about one user, within the retention period, with every
 * distance in the user's unit as they were shown it. Other people appear only as the user
 * saw them: a received signal names its sender (the received list does too), a sent
 * signal only counts its receivers (the sender is never told who they were).
 */
class SignalExport {

	private final JdbcClient jdbc;

	private final Signals signals;

	private final KnownUsers users;

	private final RetentionProperties retention;

	private final Clock clock;

	public SignalExport(JdbcClient jdbc, Signals signals, KnownUsers users, RetentionProperties retention,
			Clock clock) {
		this.jdbc = jdbc;
		this.signals = signals;
		this.users = users;
		this.retention = retention;
		this.clock = clock;
	}

	public Document of(UserId user) {
		DistanceUnit unit = this.users.settingsOf(user).distanceUnit();
		Instant since = this.clock.instant().minus(this.retention.keep());
		List<Sent> sent = this.signals.sentSince(user, SignalKind.SIGNAL, since)
			.stream()
			.map((row) -> new Sent(row.signal().id(), row.signal().sentAt(), row.signal().expiresAt(),
					shown(row.signal().maxDistanceMeters(), unit), unit, row.receivedCount(), row.responseCount()))
			.toList();
		List<Received> received = this.jdbc.sql("""
				select r.id, r.signal_id, r.sender_id, r.kind, r.distance_m, r.direction, r.received_at
				from receipts r
				where r.receiver_id = ? and r.received_at >= ?
				order by r.received_at desc, r.id desc
				""")
			.params(user.value(), Timestamp.from(since))
			.query((rs, row) -> new Received(rs.getObject("id", UUID.class), rs.getObject("signal_id", UUID.class),
					new UserId(rs.getObject("sender_id", UUID.class)), SignalKind.fromWire(rs.getString("kind")),
					shown(rs.getDouble("distance_m"), unit), unit, CompassDirection.valueOf(rs.getString("direction")),
					rs.getTimestamp("received_at").toInstant()))
			.list();
		List<Response> responses = this.signals.sentSince(user, SignalKind.RESPONSE, since)
			.stream()
			.map((row) -> new Response(row.signal().id(), row.signal().respondsTo(), row.signal().sentAt(),
					row.receivedCount() > 0))
			.toList();
		return new Document(sent, received, responses);
	}

	private static double shown(double meters, DistanceUnit unit) {
		return Distance.ofMeters(meters).to(unit).rounded();
	}

	/**
	 * @param sent the signals the user sent
	 * @param received what reached the user (signals and responses to their signals)
	 * @param responses the user's answers to signals they received
	 */
	public record Document(List<Sent> sent, List<Received> received, List<Response> responses) {

	}

	/**
	 * @param signalID the signal
	 * @param sentAt when the user sent it
	 * @param expiresAt when it stopped (stops) being active
	 * @param maxDistance its reach, in the user's unit
	 * @param unit the user's unit
	 * @param receivedCount how many it reached
	 * @param responseCount how many answered
	 */
	public record Sent(UUID signalID, Instant sentAt, Instant expiresAt, double maxDistance, DistanceUnit unit,
			long receivedCount, long responseCount) {

	}

	/**
	 * @param id the receipt (the {@code id} of the received list)
	 * @param signalID the signal
	 * @param senderID who sent it
	 * @param kind {@code signal} or {@code response}
	 * @param distance from the user to where it was sent, in their unit
	 * @param unit the user's unit
	 * @param direction from the user towards the origin
	 * @param receivedAt when it reached the user
	 */
	public record Received(UUID id, UUID signalID, UserId senderID, SignalKind kind, double distance, DistanceUnit unit,
			CompassDirection direction, Instant receivedAt) {

	}

	/**
	 * @param signalID the response wave
	 * @param respondsTo the signal it answers
	 * @param sentAt when the user answered
	 * @param delivered whether it reached the original sender
	 */
	public record Response(UUID signalID, UUID respondsTo, Instant sentAt, boolean delivered) {

	}

}
