package com.bowwow.signal.sending;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.warmup.WarmupTask;
import com.bowwow.location.api.UsersWithin;
import com.bowwow.location.api.UsersWithin.UserPosition;
import com.bowwow.signal.api.SignalEvents.SignalSent;
import com.bowwow.signal.api.SignalKind;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.PropagationEngine.StartLease;
import com.bowwow.signal.propagation.PropagationProperties;
import com.bowwow.signal.propagation.Signals;
import com.bowwow.signal.propagation.TravellingWaves;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.WaveStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Warms the paths a send runs once or a few times per wave (reading a ring of the
 * audience, checking it against blocks, planning and storing it): measured cold, the
 * first wave after a start read its first 500 receivers in 216-304 ms instead of 27-43,
 * and a ring of 2,000 in up to 850 ms, so its receivers were hundreds of milliseconds
 * late.
 * <p>
 * A round decodes a made-up answer of one ring with the service's own JSON mapper (the
 * one its HTTP client decodes with), asks the real safety read model about them, plans
 * them and stores the wave as a send does (its nearest, the rest, the travelling row, the
 * count, the event) in PostgreSQL, in a transaction that is rolled back; nothing reaches
 * the engine, so no arrival of a round is ever delivered. Its first three rounds also ask
 * location-service for real (read only; not again once it does not answer).
 */
class SendPathWarmup implements WarmupTask {

	/** In the Atlantic, where nobody stands: the real read finds nobody. */
	private static final Coordinates ORIGIN = Coordinates.of(0.5, -25.5);

	private final JsonMapper json;

	private final NearbyUsersClient nearby;

	private final SafeAudience audience;

	private final WaveStore waves;

	private final Signals signals;

	private final LateArrivals lateArrivals;

	private final TravellingWaves travelling;

	private final EventOutbox outbox;

	private final TransactionTemplate transactions;

	private final PropagationProperties propagation;

	private final Clock clock;

	private final int ring;

	/** One ring's answer as location-service sends it, made on the first round. */
	private byte[] answer;

	private int askLocationService = 3;

	SendPathWarmup(JsonMapper json, NearbyUsersClient nearby, SafeAudience audience, WaveStore waves, Signals signals,
			LateArrivals lateArrivals, TravellingWaves travelling, EventOutbox outbox, TransactionTemplate transactions,
			PropagationProperties propagation, Clock clock, int ring) {
		this.json = json;
		this.nearby = nearby;
		this.audience = audience;
		this.waves = waves;
		this.signals = signals;
		this.lateArrivals = lateArrivals;
		this.travelling = travelling;
		this.outbox = outbox;
		this.transactions = transactions;
		this.propagation = propagation;
		this.clock = clock;
		this.ring = ring;
	}

	@Override
	public String name() {
		return "send-path";
	}

	@Override
	public int round() {
		if (this.answer == null) {
			// not at start-up: a service that does not warm never pays for it
			this.answer = this.json.writeValueAsBytes(madeUpAnswer(this.ring, this.clock.instant()));
		}
		UserId sender = UserId.random();
		NearbyUsersClient.Audience read = NearbyUsersClient
			.audienceOf(this.json.readValue(this.answer, UsersWithin.class));
		List<Wave.Candidate> candidates = this.audience.of(sender, read.candidates());
		Instant now = this.clock.instant();
		DistanceUnit unit = DistanceUnit.MILE;
		Wave wave = new Wave(UUID.randomUUID(), sender, SignalKind.SIGNAL, null, ORIGIN, now,
				now.plus(SignalSender.ACTIVE_FOR), unit.maximum().meters(), unit,
				this.propagation.speedMetersPerSecond());
		List<Arrival> arrivals = wave.plan(candidates);
		StartLease lease = new StartLease("warmup", now.plus(this.propagation.lookahead()),
				now.plus(this.propagation.lease()));
		// as a send stores its nearest and then the rest, ring by ring
		int nearest = arrivals.size() / 4;
		Integer receivers = this.transactions.execute((status) -> {
			status.setRollbackOnly();
			this.waves.start(wave, arrivals.subList(0, nearest), lease);
			this.lateArrivals.followIncomplete(wave);
			int stored = this.waves.add(wave.signalId(), arrivals.subList(nearest, arrivals.size()), lease);
			this.travelling.stillPlanning(wave.signalId(), now.plusSeconds(60));
			this.travelling.completeAudience(wave.signalId(), read.asOf(), now.plusSeconds(60));
			int count = this.signals.addReceivers(wave.signalId(), stored);
			this.outbox.publish(new SignalSent(UUID.randomUUID(), wave.signalId(), sender, wave.kind(), null, now,
					wave.maxDistanceMeters(), count));
			return nearest + stored;
		});
		if (this.askLocationService > 0) {
			// a few real requests load the HTTP client's code; location-service warms its
			// side itself
			this.askLocationService--;
			try {
				this.nearby.nearest(ORIGIN, wave.maxDistanceMeters(), this.ring, sender);
			}
			catch (ApiException ex) {
				// not up yet, or slow: the rest of the round still warms
				this.askLocationService = 0;
			}
		}
		return (receivers != null) ? receivers : 0;
	}

	/** One ring of receivers spread over three miles around the origin, nearest first. */
	static UsersWithin madeUpAnswer(int ring, Instant reportedAt) {
		List<UserPosition> users = GreatCircle.spreadAround(ORIGIN, ring, 4_800)
			.stream()
			.map((at) -> new UserPosition(UserId.random(), at.latitude(), at.longitude(),
					GreatCircle.distanceMeters(ORIGIN, at), reportedAt))
			.toList();
		return new UsersWithin(users, true, reportedAt.toEpochMilli());
	}

}
