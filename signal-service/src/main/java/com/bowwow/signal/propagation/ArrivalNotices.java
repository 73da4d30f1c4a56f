package com.bowwow.signal.propagation;

import java.util.List;

/**
 * Tells receivers' open streams that the wave has reached them, at the moment it does:
 * before the receipts are written, so that storing them never makes anyone late.
 */
interface ArrivalNotices {

	/** Nobody is told: for engines whose arrivals have no streams (benchmarks). */
	ArrivalNotices NONE = (arrivals) -> {
	};

	/**
	 * Tells each arrival's receiver once, whatever the retries (best effort: a receiver
	 * without an open stream still has the receipt and the push).
	 * @param arrivals arrivals due now, already checked against blocks and suspensions
	 */
	void tell(List<Arrival> arrivals);

}
