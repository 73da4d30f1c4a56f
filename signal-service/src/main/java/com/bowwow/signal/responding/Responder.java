package com.bowwow.signal.responding;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.signal.api.SignalEvents.SignalSent;
import com.bowwow.signal.propagation.PropagationMetrics;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.PropagationProperties;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.WaveStore;
import com.bowwow.signal.sending.SignalProblem;
import com.bowwow.signal.sending.SignalSender;
import com.bowwow.signal.sending.SignalView;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers a received signal with a response wave, from the responder's current position
 * to the original sender's, at the same speed, addressed to the sender alone. Only a
 * receiver may respond, only while the signal is active, and only once: asking again
 * returns the first response.
 */
class Responder {

	private final JdbcClient jdbc;

	private final Signals signals;

	private final KnownUsers users;

	private final PositionsClient positions;

	private final WaveStore waves;

	private final EventOutbox outbox;

	private final PropagationEngine engine;

	private final PropagationProperties propagation;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final PropagationMetrics metrics;

	private final SafetyReads safety;

	public Responder(JdbcClient jdbc, Signals signals, KnownUsers users, PositionsClient positions, WaveStore waves,
			EventOutbox outbox, PropagationEngine engine, PropagationProperties propagation,
			TransactionTemplate transactions, Clock clock, PropagationMetrics metrics, SafetyReads safety) {
		this.safety = safety;
		this.metrics = metrics;
		this.jdbc = jdbc;
		this.signals = signals;
		this.users = users;
		this.positions = positions;
		this.waves = waves;
		this.outbox = outbox;
		this.engine = engine;
		this.propagation = propagation;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * The response and whether it was created by this call (201) or existed already
	 * (200).
	 */
	public record Outcome(SignalView response, boolean created) {
	}

	/**
	 * The receipt of the signal being answered.
	 *
	 * @param distanceMeters from the responder's true position to the origin
	 * @param direction from the responder towards the origin
	 * @param cellDistanceMeters from the origin to the responder's cell centre (null on
	 * receipts older than the privacy grid)
	 * @param cellDirection from the origin towards the responder's cell centre
	 */
	private record ReceivedAs(double distanceMeters, CompassDirection direction, Double cellDistanceMeters,
			CompassDirection cellDirection) {
	}

	/**
	 * How far the response travels, from which direction the sender hears it, and its
	 * reach: a distance between cell centres, so that neither the response's
	 * {@code maxDistance} nor its timing tells the responder more than the sender's cell.
	 */
	private record Path(double meters, CompassDirection direction, double reachMeters) {
	}

	public Outcome respond(UserId responder, UUID signalId) {
		Signals.Stored original = this.signals.find(signalId)
			.orElseThrow(() -> new ApiException(SignalProblem.SIGNAL_NOT_FOUND, "No signal " + signalId));
		UserSettings settings = this.users.settingsOf(responder);
		ReceivedAs received = receipt(signalId, responder)
			.orElseThrow(() -> new ApiException(SignalProblem.SIGNAL_NOT_RECEIVED,
					"Only someone the signal reached can respond to it"));
		// Before the repeat: once blocked, not even the first response is handed out
		// again.
		checkSafety(responder, original.senderId());
		Optional<SignalView> existing = existingResponse(signalId, responder, settings.distanceUnit());
		if (existing.isPresent()) {
			return new Outcome(existing.get(), false);
		}
		if (original.kind() != SignalKind.SIGNAL) {
			throw new ApiException(SignalProblem.SIGNAL_NOT_FOUND, "A response cannot itself be answered");
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(original.expiresAt())) {
			throw new ApiException(SignalProblem.SIGNAL_EXPIRED, "The signal expired at " + original.expiresAt());
		}
		if (settings.isOffline()) {
			throw new ApiException(SignalProblem.SIGNAL_USER_OFFLINE,
					"Responses cannot be sent in offline mode; turn offline mode off first");
		}
		Path path = pathToSender(responder, original.senderId(), received);
		// Depart after the lookup, so that its time does not eat into the launch lead.
		Instant departs = this.clock.instant().plus(this.propagation.launchLead());
		UUID responseId = UUID.randomUUID();
		Wave wave = new Wave(responseId, responder, SignalKind.RESPONSE, signalId, null, departs,
				departs.plus(SignalSender.ACTIVE_FOR), Math.max(path.reachMeters(), 1), settings.distanceUnit(),
				this.propagation.speedMetersPerSecond());
		// Due when the front reaches the sender, timed as every wave is. The sender
		// learns nothing from a response that a receiver of their own wave would not: the
		// cell path is the sender's view of it.
		Arrival arrival = new Arrival(responseId, responder, original.senderId(), wave.dueAfter(path.meters()),
				path.meters(), path.direction(), path.reachMeters(), opposite(path.direction()), SignalKind.RESPONSE);
		PropagationEngine.StartLease lease = this.engine.leaseForStart();
		try {
			this.transactions.executeWithoutResult((status) -> {
				this.waves.start(wave, List.of(arrival), lease);
				this.outbox.publish(new SignalSent(UUID.randomUUID(), responseId, responder, wave.kind(), signalId,
						departs, wave.maxDistanceMeters(), 1));
			});
		}
		catch (DuplicateKeyException ex) {
			// A concurrent request of the same responder won: answer with its response.
			return new Outcome(existingResponse(signalId, responder, settings.distanceUnit()).orElseThrow(), false);
		}
		this.engine.adopt(lease, List.of(arrival));
		this.metrics.waveStarted(wave.kind(), 1);
		return new Outcome(view(wave, settings.distanceUnit()), true);
	}

	/**
	 * Where the response must travel. When location-service knows both users' current
	 * positions: from the centre of the responder's cell (location privacy: the sender
	 * learns the cell only) to the sender's true position. Otherwise (a position expired,
	 * or location-service is unavailable) back along the original signal's path between
	 * cell centres: from the responder's cell centre at the time to the signal's origin.
	 */
	private Path pathToSender(UserId responder, UserId sender, ReceivedAs received) {
		Map<UserId, Coordinates> current = this.positions.positionsOf(responder, sender);
		Coordinates responderAt = current.get(responder);
		Coordinates senderAt = current.get(sender);
		if (responderAt != null && senderAt != null) {
			Coordinates from = PrivacyGrid.snap(responderAt);
			return new Path(GreatCircle.distanceMeters(from, senderAt), senderAt.directionTo(from),
					GreatCircle.distanceMeters(from, PrivacyGrid.snap(senderAt)));
		}
		if (received.cellDistanceMeters() != null && received.cellDirection() != null) {
			return new Path(received.cellDistanceMeters(), received.cellDirection(), received.cellDistanceMeters());
		}
		// A receipt written before the privacy grid existed: all there is.
		return new Path(received.distanceMeters(), opposite(received.direction()), received.distanceMeters());
	}

	/**
	 * Neither user of a block may answer the other's signals; a suspended sender is
	 * invisible to everyone, so their signal is as good as gone. Fails closed.
	 */
	private void checkSafety(UserId responder, UserId sender) {
		Set<UserId> suspended;
		boolean blocked;
		try {
			suspended = this.safety.suspendedAmong(List.of(responder, sender));
			blocked = this.safety.blockedBetween(responder, sender);
		}
		catch (DataAccessException ex) {
			throw new ApiException(SignalProblem.SIGNAL_UNAVAILABLE,
					"Responses cannot be sent right now; please try again shortly", ex)
				.header("Retry-After", "5");
		}
		if (suspended.contains(responder)) {
			throw new ApiException(SignalProblem.ACCOUNT_SUSPENDED, "A suspended account cannot respond to signals");
		}
		if (blocked) {
			throw new ApiException(SignalProblem.USER_BLOCKED,
					"You cannot respond to this signal: one of you blocked the other");
		}
		if (suspended.contains(sender)) {
			throw new ApiException(SignalProblem.SIGNAL_NOT_FOUND, "This signal is no longer available");
		}
	}

	private Optional<ReceivedAs> receipt(UUID signalId, UserId receiver) {
		return this.jdbc.sql(
				"select distance_m, direction, cell_distance_m, cell_direction from receipts where signal_id = ? and receiver_id = ?")
			.params(signalId, receiver.value())
			.query((rs, row) -> new ReceivedAs(rs.getDouble(1), CompassDirection.valueOf(rs.getString(2)),
					rs.getObject(3, Double.class),
					(rs.getString(4) != null) ? CompassDirection.valueOf(rs.getString(4)) : null))
			.optional();
	}

	private Optional<SignalView> existingResponse(UUID signalId, UserId responder, DistanceUnit unit) {
		Instant now = this.clock.instant();
		return this.signals.responseTo(signalId, responder)
			.map((response) -> new SignalView(response.id(), responder, response.sentAt(),
					Distance.ofMeters(response.maxDistanceMeters()).to(unit).rounded(), unit,
					now.isBefore(response.expiresAt()) ? "active" : "expired", response.expiresAt()));
	}

	private static SignalView view(Wave wave, DistanceUnit unit) {
		return new SignalView(wave.signalId(), wave.senderId(), wave.sentAt(),
				Distance.ofMeters(wave.maxDistanceMeters()).to(unit).rounded(), unit, "active", wave.expiresAt());
	}

	private static CompassDirection opposite(CompassDirection direction) {
		return CompassDirection.values()[(direction.ordinal() + 4) % 8];
	}

}
