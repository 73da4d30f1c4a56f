package com.bowwow.location.live;

import java.util.List;

import com.bowwow.location.position.PositionService;
import com.bowwow.location.position.PositionStore;
import com.bowwow.location.position.StoredPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Repairs index entries whose Redis write failed after the position was stored (the
 * update marked the row {@code index_dirty}): re-asserts each stored newest position (or
 * removes an offline user's) and clears the marker. Safe on every instance at once: the
 * index is newest-wins and the marker is cleared only for the position repaired.
 */
@Component
class IndexRepairJob {

	private static final Logger log = LoggerFactory.getLogger(IndexRepairJob.class);

	private static final int BATCH = 500;

	private final PositionStore positions;

	private final PositionService service;

	IndexRepairJob(PositionStore positions, PositionService service) {
		this.positions = positions;
		this.service = service;
	}

	@Scheduled(initialDelayString = "${bowwow.location.index-repair-interval:5s}",
			fixedDelayString = "${bowwow.location.index-repair-interval:5s}")
	void scheduled() {
		try {
			repair();
		}
		catch (RuntimeException ex) {
			log.warn("Index repair failed (will retry): {}", ex.toString());
		}
	}

	/**
	 * @return how many positions were repaired
	 */
	public int repair() {
		int repaired = 0;
		List<StoredPosition> dirty;
		do {
			dirty = this.positions.findIndexDirty(BATCH);
			for (StoredPosition position : dirty) {
				if (position.coordinates() != null) {
					this.service.syncIndex(position);
				}
				this.positions.clearIndexDirty(position.userId(), position.reportedAt());
				repaired++;
			}
		}
		while (dirty.size() == BATCH);
		if (repaired > 0) {
			log.info("Repaired {} index entries whose write had failed", repaired);
		}
		return repaired;
	}

}
