package com.bowwow.signal.sending;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.bowwow.common.id.UserId;
import com.bowwow.signal.propagation.Arrival;
import com.bowwow.signal.propagation.PropagationEngine;
import com.bowwow.signal.propagation.Wave;
import com.bowwow.signal.propagation.Wave.Candidate;
import com.bowwow.signal.propagation.WaveStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Reaches people who come within a wave's reach after it left. While the wavefront is
 * still travelling, the instance that started the wave asks again who is around; anyone
 * new whose position the front has not yet passed gets an arrival at the moment it will.
 * Someone whose position the front already passed was not in range while it went by, and
 * is not reached. Best effort by design: the wave's planned arrivals are durable
 * regardless; only late joiners of a wave whose instance stops are missed.
 */
public class LateArrivals implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LateArrivals.class);

	private final NearbyUsersClient nearby;

	private final WaveStore waves;

	private final PropagationEngine engine;

	private final Duration interval;

	private final Clock clock;

	private final SafeAudience audience;

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("late-arrivals").daemon().factory());

	public LateArrivals(NearbyUsersClient nearby, WaveStore waves, PropagationEngine engine, SafeAudience audience,
			Duration interval, Clock clock) {
		this.audience = audience;
		this.nearby = nearby;
		this.waves = waves;
		this.engine = engine;
		this.interval = interval;
		this.clock = clock;
	}

	/** Keeps watching a wave until its front has passed its whole reach. */
	public void follow(Wave wave, List<Arrival> planned) {
		Set<UserId> known = ConcurrentHashMap.newKeySet();
		planned.forEach((arrival) -> known.add(arrival.receiverId()));
		known.add(wave.senderId());
		schedule(wave, known, wave.frontDone());
	}

	private void schedule(Wave wave, Set<UserId> known, Instant frontDone) {
		this.scheduler.schedule(() -> {
			try {
				check(wave, known);
			}
			catch (RuntimeException ex) {
				log.debug("Looking for late arrivals of {} failed: {}", wave.signalId(), ex.getMessage());
			}
			if (this.clock.instant().plus(this.interval).isBefore(frontDone)) {
				schedule(wave, known, frontDone);
			}
		}, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	void check(Wave wave, Set<UserId> known) {
		Instant now = this.clock.instant();
		List<Candidate> newcomers = this.nearby
			.within(wave.origin(), wave.maxDistanceMeters() + Wave.CELL_MARGIN_METERS, wave.senderId())
			.stream()
			.filter((candidate) -> !known.contains(candidate.userId()))
			.toList();
		// Same rules as at the start: cell centre within reach, nobody hidden from the
		// sender.
		List<Arrival> late = wave.plan(this.audience.stillReachable(wave.senderId(), newcomers))
			.stream()
			.filter((arrival) -> arrival.dueAt().isAfter(now))
			.toList();
		if (!late.isEmpty()) {
			this.waves.add(wave.signalId(), late);
			late.forEach((arrival) -> known.add(arrival.receiverId()));
			this.engine.wake();
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
