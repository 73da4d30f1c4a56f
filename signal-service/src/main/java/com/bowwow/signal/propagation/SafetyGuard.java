package com.bowwow.signal.propagation;

import java.util.ArrayList;
import java.util.List;

import com.bowwow.common.security.SafetyReads;
import com.bowwow.common.security.SafetyReads.Meeting;
import com.bowwow.common.security.SafetyReads.Separation;

/**
 * Blocks, suspensions and deletions at delivery time, read from the safety read model
 * that user-service keeps in Redis ({@link SafetyReads}): an arrival is dropped when its
 * sender and receiver are now blocked either way, or either of them is suspended or
 * deleted. This is what stops waves already travelling when a block or suspension lands.
 *
 * <p>
 * One round trip per batch whatever its size and however many waves it mixes
 * ({@link SafetyReads#separations}). When Redis cannot answer the exception propagates
 * and the batch is retried later: never delivered unchecked.
 */
public class SafetyGuard implements ArrivalGuard {

	private final SafetyReads safety;

	public SafetyGuard(SafetyReads safety) {
		this.safety = safety;
	}

	@Override
	public List<Arrival> forbidden(List<Arrival> batch) {
		if (batch.isEmpty()) {
			return List.of();
		}
		List<Separation> separations = this.safety.separations(
				batch.stream().map((arrival) -> new Meeting(arrival.senderId(), arrival.receiverId())).toList());
		List<Arrival> forbidden = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			if (separations.get(i) != Separation.NONE) {
				forbidden.add(batch.get(i));
			}
		}
		return forbidden;
	}

}
