package com.bowwow.signal.propagation;

import java.time.Instant;
import java.util.List;

/**
 * Told about receipts once their transaction has committed, so what it does (metrics) can
 * never count a delivery that did not happen. Streams are told earlier, at the arrival's
 * moment ({@link ArrivalNotices}).
 */
interface ArrivalObserver {

	/**
	 * @param receipts receipts just committed, each exactly once across all instances
	 * @param committedAt when the commit returned
	 */
	void delivered(List<Receipt> receipts, Instant committedAt);

}
