package com.bowwow.signal.propagation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.geo.PrivacyGrid;
import com.bowwow.common.id.UserId;

/**
 * A signal or response as it leaves its origin: the circle it may reach and how fast.
 *
 * <p>
 * Location privacy: the origin is the centre of the sender's privacy-grid cell, never
 * where they truly stand, and whether someone is reached depends on their cell centre
 * only, so neither receipts nor their count tell the sender more than cells. Each arrival
 * is still due when the front (from the origin centre) reaches the receiver's true
 * position, and the receiver is shown the distance and direction from there.
 *
 * @param signalId identifier of the signal
 * @param senderId who sent it
 * @param kind {@code signal} or {@code response}
 * @param respondsTo for a response, the signal it answers
 * @param origin the centre of the sender's cell ({@link PrivacyGrid#snap}); null for a
 * response, whose single arrival is computed by the responder instead of being planned
 * here
 * @param sentAt when it left
 * @param expiresAt when it stops being active
 * @param maxDistanceMeters how far it reaches, measured to receivers' cell centres
 * @param senderUnit the unit the sender chose the distance in
 * @param speedMetersPerSecond how fast it spreads
 */
public record Wave(UUID signalId, UserId senderId, SignalKind kind, UUID respondsTo, Coordinates origin, Instant sentAt,
		Instant expiresAt, double maxDistanceMeters, DistanceUnit senderUnit, double speedMetersPerSecond) {

	/**
	 * How much farther than its reach a receiver's true position may lie while their cell
	 * centre is within it: more than half a cell's diagonal (about 354 m) everywhere but
	 * next to the poles. Used to ask location-service for enough candidates and to know
	 * when every arrival of a wave is due.
	 */
	public static final double CELL_MARGIN_METERS = 1_000;

	/**
	 * Where someone stands when the wave starts.
	 *
	 * @param userId the candidate receiver
	 * @param position their current (true) position
	 */
	public record Candidate(UserId userId, Coordinates position) {
	}

	/**
	 * The arrivals this wave will make: every candidate whose cell centre is within reach
	 * of the origin, except the sender, due when the wavefront reaches their true
	 * position, nearest first.
	 */
	public List<Arrival> plan(List<Candidate> candidates) {
		List<Arrival> arrivals = new ArrayList<>(candidates.size());
		for (Candidate candidate : candidates) {
			if (candidate.userId().equals(this.senderId)) {
				continue;
			}
			Coordinates cell = PrivacyGrid.snap(candidate.position());
			double cellMeters = GreatCircle.distanceMeters(this.origin, cell);
			if (cellMeters > this.maxDistanceMeters) {
				continue;
			}
			double meters = GreatCircle.distanceMeters(this.origin, candidate.position());
			arrivals.add(new Arrival(this.signalId, this.senderId, candidate.userId(), dueAfter(meters), meters,
					candidate.position().directionTo(this.origin), cellMeters, this.origin.directionTo(cell),
					this.kind));
		}
		arrivals.sort(Comparator.comparing(Arrival::dueAt));
		return arrivals;
	}

	/** When the front, leaving at {@code sentAt}, has travelled this far. */
	public Instant dueAfter(double meters) {
		return this.sentAt.plus(Duration.ofNanos(Math.round(meters / this.speedMetersPerSecond * 1e9)));
	}

	/**
	 * When the front has passed the true position of everyone it may reach (whose cell
	 * centre is within reach).
	 */
	public Instant frontDone() {
		return dueAfter(this.maxDistanceMeters + CELL_MARGIN_METERS);
	}

}
