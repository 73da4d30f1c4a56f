package com.bowwow.location.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.bowwow.location.LocationProperties;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.index.SpatialIndex;
import com.bowwow.location.position.PositionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the index from the encrypted rows when its completeness marker is missing: at
 * start-up and on every check. Only the instance holding the Redis lock rebuilds; the
 * others find the marker on a later check. Writes use the index's newest-wins rule, so
 * live updates arriving during a rebuild are never overwritten by older rows.
 */
@Component
class IndexRebuilder {

	private static final Logger log = LoggerFactory.getLogger(IndexRebuilder.class);

	private static final Duration LOCK_LEASE = Duration.ofSeconds(60);

	private static final int BATCH = 1_000;

	private final SpatialIndex index;

	private final PositionStore positions;

	private final LocationProperties properties;

	private final Clock clock;

	IndexRebuilder(SpatialIndex index, PositionStore positions, LocationProperties properties, Clock clock) {
		this.index = index;
		this.positions = positions;
		this.properties = properties;
		this.clock = clock;
	}

	/** Redis being down at start-up must not stop the service: the checks retry. */
	@EventListener(ApplicationReadyEvent.class)
	void onStartup() {
		check();
	}

	@Scheduled(initialDelayString = "${bowwow.location.index-check-interval:1s}",
			fixedDelayString = "${bowwow.location.index-check-interval:1s}")
	void check() {
		try {
			rebuildIfMissing();
		}
		catch (RuntimeException ex) {
			log.warn("Index check failed (will retry): {}", ex.toString());
		}
	}

	/**
	 * @return whether this call rebuilt the index
	 */
	public boolean rebuildIfMissing() {
		if (this.index.isMarkedComplete()) {
			return false;
		}
		String token = this.index.tryRebuildLock(LOCK_LEASE);
		if (token == null) {
			return false;
		}
		try {
			if (this.index.isMarkedComplete()) {
				return false;
			}
			long started = System.nanoTime();
			Instant notBefore = this.clock.instant().minus(this.properties.retention());
			AtomicLong count = new AtomicLong();
			this.positions.forEachVisible(notBefore, BATCH, (batch) -> {
				this.index.putAll(batch.stream()
					.map((p) -> new IndexedPosition(p.userId(), p.coordinates(), p.reportedAt()))
					.toList());
				count.addAndGet(batch.size());
				if (!this.index.extendRebuildLock(token, LOCK_LEASE)) {
					throw new IllegalStateException("lost the index rebuild lock");
				}
			});
			this.index.markComplete("rebuilt " + this.clock.instant());
			log.info("Rebuilt the spatial index from {} stored positions in {} ms", count.get(),
					(System.nanoTime() - started) / 1_000_000);
			return true;
		}
		finally {
			this.index.releaseRebuildLock(token);
		}
	}

}
