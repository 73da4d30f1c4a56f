package com.bowwow.signal.propagation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;

/**
 * A signal or response as it leaves its origin: the circle it may reach and how fast.
 *
 * @param signalId identifier of the signal
 * @param senderId who sent it
 * @param kind {@code signal} or {@code response}
 * @param respondsTo for a response, the signal it answers
 * @param origin where the sender stood; null for a response, whose single arrival is
 * computed from both users' current positions instead of being planned here
 * @param sentAt when it left
 * @param expiresAt when it stops being active
 * @param maxDistanceMeters how far it reaches
 * @param senderUnit the unit the sender chose the distance in
 * @param speedMetersPerSecond how fast it spreads
 */
public record Wave(UUID signalId, UserId senderId, String kind, UUID respondsTo, Coordinates origin, Instant sentAt,
		Instant expiresAt, double maxDistanceMeters, DistanceUnit senderUnit, double speedMetersPerSecond) {

	/**
	 * Where someone stands when the wave starts.
	 *
	 * @param userId the candidate receiver
	 * @param position their current position
	 */
	public record Candidate(UserId userId, Coordinates position) {
	}

	/**
	 * The arrivals this wave will make: every candidate within reach except the sender,
	 * due when the wavefront reaches them, nearest first.
	 */
	public List<Arrival> plan(List<Candidate> candidates) {
		List<Arrival> arrivals = new ArrayList<>(candidates.size());
		for (Candidate candidate : candidates) {
			if (candidate.userId().equals(this.senderId)) {
				continue;
			}
			double meters = GreatCircle.distanceMeters(this.origin, candidate.position());
			if (meters > this.maxDistanceMeters) {
				continue;
			}
			long travelNanos = Math.round(meters / this.speedMetersPerSecond * 1e9);
			arrivals.add(new Arrival(this.signalId, candidate.userId(), this.sentAt.plus(Duration.ofNanos(travelNanos)),
					meters, candidate.position().directionTo(this.origin)));
		}
		arrivals.sort(Comparator.comparing(Arrival::dueAt));
		return arrivals;
	}

}
