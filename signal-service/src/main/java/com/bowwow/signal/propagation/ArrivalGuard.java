package com.bowwow.signal.propagation;

import java.util.List;

/**
 * Decides, right before a batch of due arrivals is written, which of them must not be
 * delivered any more (e.g. the pair was blocked, or one of them suspended, while the wave
 * travelled).
 */
@FunctionalInterface
interface ArrivalGuard {

	/** Lets everything through. */
	ArrivalGuard NONE = (batch) -> List.of();

	/**
	 * @return the arrivals of the batch to drop
	 * @throws RuntimeException when it cannot tell; the batch is then not delivered now
	 * but retried (late rather than wrong)
	 */
	List<Arrival> forbidden(List<Arrival> batch);

}
