package com.bowwow.signal.propagation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How waves travel and how the engine shares their arrivals between instances.
 *
 * @param speedMilesPerSecond how fast a wave spreads
 * @param lookahead how far ahead of their due time arrivals are leased and held in
 * memory; must exceed the poll interval so that no arrival is claimed after it is due
 * @param lease how long a claim stays exclusive; an instance that dies loses its claims
 * after this, and another instance delivers them (late rather than never)
 * @param pollInterval how often an idle instance looks for newly due arrivals
 * @param claimBatch most arrivals claimed per query
 * @param launchLead how long after the send reached the service its wave departs; 0 by
 * default: arrival is judged from the moment of the send (domain rule), so a lead only
 * makes every receiver late by it. Without one, receivers so near that the front reaches
 * them while the plan is being stored (about the commit time times 1 mile per second) are
 * delivered as soon as it is stored, a little late; everyone else on time
 * @param receiptLinger how long told arrivals wait to have their receipts written with
 * those told after them (one transaction and one {@code ArrivalsDelivered} for all): the
 * streams are told at the arrival's moment whatever this is; receipts and pushes follow
 * at most this much later, and a large wave costs a commit per linger, not per
 * millisecond of its travel
 * @param dispatchGather how long the engine waits, once an arrival falls due and another
 * follows within this, to deliver them together: each batch costs two Redis round trips
 * and a settings read, which a dense wave otherwise paid every millisecond or two; nobody
 * is early, and an arrival is late by at most this for it
 */
@ConfigurationProperties("bowwow.signal.propagation")
public record PropagationProperties(@DefaultValue("1.0") double speedMilesPerSecond,
		@DefaultValue("2s") Duration lookahead, @DefaultValue("10s") Duration lease,
		@DefaultValue("200ms") Duration pollInterval, @DefaultValue("5000") int claimBatch,
		@DefaultValue("0ms") Duration launchLead, @DefaultValue("100ms") Duration receiptLinger,
		@DefaultValue("5ms") Duration dispatchGather) {

	public PropagationProperties {
		if (!(speedMilesPerSecond > 0)) {
			throw new IllegalArgumentException("bowwow.signal.propagation.speed-miles-per-second must be > 0");
		}
		if (launchLead.isNegative()) {
			throw new IllegalArgumentException("bowwow.signal.propagation.launch-lead must not be negative");
		}
		if (receiptLinger.isNegative() || receiptLinger.compareTo(lease) >= 0) {
			throw new IllegalArgumentException(
					"bowwow.signal.propagation.receipt-linger must be at least 0 and shorter than the lease");
		}
		if (dispatchGather.isNegative() || dispatchGather.compareTo(pollInterval) >= 0) {
			throw new IllegalArgumentException(
					"bowwow.signal.propagation.dispatch-gather must be at least 0 and shorter than the poll interval");
		}
		if (lookahead.compareTo(pollInterval) <= 0 || lease.compareTo(lookahead) <= 0) {
			throw new IllegalArgumentException("propagation settings need poll-interval < lookahead < lease");
		}
	}

	public double speedMetersPerSecond() {
		return this.speedMilesPerSecond * 1_609.344;
	}

}
