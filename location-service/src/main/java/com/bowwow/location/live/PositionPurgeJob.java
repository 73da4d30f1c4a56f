package com.bowwow.location.live;

import java.time.Clock;
import java.time.Instant;

import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.position.PositionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes positions older than the retention from the database and the index. Safe on
 * every instance at once: both deletes are conditional on age, so running twice removes
 * nothing more. Searches already ignore stale members between runs.
 */
@Component
class PositionPurgeJob {

	private static final Logger log = LoggerFactory.getLogger(PositionPurgeJob.class);

	private static final int BATCH = 1_000;

	private final PositionStore positions;

	private final SpatialIndex index;

	private final LocationProperties properties;

	private final Clock clock;

	PositionPurgeJob(PositionStore positions, SpatialIndex index, LocationProperties properties, Clock clock) {
		this.positions = positions;
		this.index = index;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${bowwow.location.purge-interval:1m}",
			fixedDelayString = "${bowwow.location.purge-interval:1m}")
	void scheduled() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			log.warn("Position purge failed (will retry): {}", ex.toString());
		}
	}

	/**
	 * @return rows deleted from the database and members removed from the index
	 */
	public Purged purge() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		long rows = 0;
		int deleted;
		do {
			deleted = this.positions.deleteReportedBefore(cutoff, BATCH);
			rows += deleted;
		}
		while (deleted == BATCH);
		long members = 0;
		long removed;
		do {
			removed = this.index.purgeOlderThan(cutoff, BATCH);
			members += removed;
		}
		while (removed == BATCH);
		if (rows > 0 || members > 0) {
			log.info("Purged {} positions and {} index entries reported before {}", rows, members, cutoff);
		}
		return new Purged(rows, members);
	}

	public record Purged(long rows, long indexEntries) {

	}

}
