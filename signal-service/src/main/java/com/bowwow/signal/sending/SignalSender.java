package com.bowwow.signal.sending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.Distance;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.signal.api.SignalEvents.SignalSent;
import com.bowwow.signal.propagation.PropagationMetrics;
import com.bowwow.signal.propagation.PropagationMetrics.SendStage;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.PropagationProperties;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.WaveStore;
import com.bowwow.signal.users.KnownUsers;
import com.bowwow.user.projection.UserSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts waves. Everything slow (asking location-service who is around) happens before
 * the transaction; the cooldown claim, the signal, its arrivals and the event then commit
 * together, so a refused or failed send leaves nothing behind and costs no cooldown.
 * <p>
 * A large audience leaves in steps: the nearest few hundred are found, stored and held in
 * memory first, so that they are reached on time, and the sender is answered; the rest
 * (due later, as they stand farther) is planned on its own thread right after, ring by
 * ring outwards. The wave's travelling row owes that rest until it is stored, so a send
 * that fails or dies in between leaves it to the next check on any instance.
 */
public class SignalSender {

	private static final Logger log = LoggerFactory.getLogger(SignalSender.class);

	private static final Executor REST_PLANNER = (task) -> Thread.ofVirtual().name("audience-rest").start(task);

	/** How long a signal stays active. */
	public static final Duration ACTIVE_FOR = Duration.ofMinutes(10);

	private final KnownUsers users;

	private final Cooldowns cooldowns;

	private final NearbyUsersClient nearby;

	private final WaveStore waves;

	private final EventOutbox outbox;

	private final PropagationEngine engine;

	private final LateArrivals lateArrivals;

	private final SafeAudience audience;

	private final PropagationProperties propagation;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final PropagationMetrics metrics;

	private final int firstAudience;

	/**
	 * @param firstAudience how many of the nearest receivers are planned before the wave
	 * leaves; a larger audience is planned right after
	 */
	public SignalSender(KnownUsers users, Cooldowns cooldowns, NearbyUsersClient nearby, WaveStore waves,
			EventOutbox outbox, PropagationEngine engine, LateArrivals lateArrivals, SafeAudience audience,
			PropagationProperties propagation, TransactionTemplate transactions, Clock clock,
			PropagationMetrics metrics, int firstAudience) {
		this.metrics = metrics;
		this.firstAudience = firstAudience;
		this.audience = audience;
		this.users = users;
		this.cooldowns = cooldowns;
		this.nearby = nearby;
		this.waves = waves;
		this.outbox = outbox;
		this.engine = engine;
		this.lateArrivals = lateArrivals;
		this.propagation = propagation;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * @param position where the sender says they stand; the wave leaves from the centre
	 * of its privacy-grid cell
	 */
	public SignalView send(UserId sender, Coordinates position, Double requestedDistance) {
		UserSettings settings = this.users.settingsOf(sender);
		if (settings.isOffline()) {
			throw new ApiException(SignalProblem.SIGNAL_USER_OFFLINE,
					"Signals cannot be sent in offline mode; turn offline mode off first");
		}
		DistanceUnit unit = settings.distanceUnit();
		Distance reach = (requestedDistance != null) ? Distance.of(requestedDistance, unit).clampedToUnitMaximum()
				: unit.maximum();
		Instant now = this.clock.instant();
		this.cooldowns.remaining(sender, now).ifPresent((remaining) -> {
			throw cooldownActive(remaining);
		});
		Coordinates origin = PrivacyGrid.snap(position);
		long began = System.nanoTime();
		// The nearest first: they are due first, and must not wait while a large audience
		// is found and stored. Whoever's cell centre is within reach may stand up to a
		// cell margin beyond it.
		NearbyUsersClient.Audience nearest = this.nearby.nearest(origin, reach.meters() + Wave.CELL_MARGIN_METERS,
				this.firstAudience, sender);
		long asked = System.nanoTime();
		List<Wave.Candidate> candidates = this.audience.of(sender, nearest.candidates());
		long checked = System.nanoTime();
		// sentAt is the moment the send reached the service (before the nearby query and
		// the plan): arrival is judged from it, and so is the lateness histogram
		Instant departs = now.plus(this.propagation.launchLead());
		Wave wave = new Wave(UUID.randomUUID(), sender, SignalKind.SIGNAL, null, origin, departs,
				departs.plus(ACTIVE_FOR), reach.meters(), unit, this.propagation.speedMetersPerSecond());
		List<Arrival> arrivals = wave.plan(candidates);
		boolean complete = !nearest.truncated();
		long planned = System.nanoTime();
		PropagationEngine.StartLease lease = this.engine.leaseForStart();
		this.transactions.executeWithoutResult((status) -> {
			this.cooldowns.tryClaim(sender, now).ifPresent((remaining) -> {
				throw cooldownActive(remaining);
			});
			this.waves.start(wave, arrivals, lease);
			if (complete) {
				this.lateArrivals.follow(wave, nearest.asOf());
				this.outbox.publish(new SignalSent(UUID.randomUUID(), wave.signalId(), sender, wave.kind(), null,
						departs, reach.meters(), arrivals.size()));
			}
			else {
				// announced with its whole count once the rest is planned (below, or by
				// any instance's check if this one fails)
				this.lateArrivals.followIncomplete(wave);
			}
		});
		this.engine.adopt(lease, arrivals);
		long stored = System.nanoTime();
		this.metrics.sendStage(SendStage.AUDIENCE, asked - began);
		this.metrics.sendStage(SendStage.SAFETY, checked - asked);
		this.metrics.sendStage(SendStage.PLAN, planned - checked);
		this.metrics.sendStage(SendStage.STORE, stored - planned);
		this.metrics.sendStage(SendStage.WHOLE, Duration.between(now, this.clock.instant()).toNanos());
		if (complete) {
			this.metrics.waveStarted(wave.kind(), arrivals.size());
		}
		else {
			Set<UserId> first = new HashSet<>();
			first.add(sender);
			arrivals.forEach((arrival) -> first.add(arrival.receiverId()));
			// The sender is answered now, not after the rest is stored (1-4 s for 10,000
			// receivers on a loaded machine): the wave has left, and its travelling row
			// owes the rest to the next check if this thread dies.
			REST_PLANNER.execute(() -> planRest(wave, first, arrivals.size(), nearest, stored));
		}
		return new SignalView(wave.signalId(), sender, departs, reach.rounded(), unit, "active", wave.expiresAt());
	}

	private void planRest(Wave wave, Set<UserId> first, int planned, NearbyUsersClient.Audience nearest, long stored) {
		int receivers = planned;
		try {
			receivers += this.lateArrivals.completeAudienceByRings(wave, first, nearest.farthestMeters(),
					nearest.asOf(), restRing(this.firstAudience));
		}
		catch (RuntimeException ex) {
			// its travelling row owes the rest, which the next check on any instance
			// plans
			log.warn("Planning the rest of wave {}'s audience failed; a check will", wave.signalId(), ex);
		}
		this.metrics.sendStage(SendStage.REST, System.nanoTime() - stored);
		this.metrics.waveStarted(wave.kind(), receivers);
	}

	/**
	 * The rest of a large audience is read in rings four times the first audience: large
	 * enough that a ring's fixed cost (a request, a transaction) is small beside its
	 * receivers, small enough that the nearest of a ring are not kept waiting for its
	 * farthest.
	 */
	static int restRing(int firstAudience) {
		return Math.min(UsersWithin.MAX_LIMIT, firstAudience * 4);
	}

	static ApiException cooldownActive(Duration remaining) {
		long seconds = Math.max(1, (remaining.toMillis() + 999) / 1000);
		return new ApiException(SignalProblem.SIGNAL_COOLDOWN_ACTIVE,
				"You can send one signal per hour; try again in " + seconds + " s")
			.with("retryAfterSeconds", seconds)
			.header("Retry-After", Long.toString(seconds));
	}

}
