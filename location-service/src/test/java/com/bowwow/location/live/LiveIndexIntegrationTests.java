package com.bowwow.location.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.live.PositionPurgeJob.Purged;
import com.bowwow.location.position.PositionStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;

import static org.assertj.core.api.Assertions.assertThat;

class LiveIndexIntegrationTests extends LocationIntegrationTest {

	@Autowired
	private PositionPurgeJob purgeJob;

	@Autowired
	private IndexRebuilder rebuilder;

	@Autowired
	private PositionStore store;

	/**
	 * The nearest search returns each member's GEO hash and decodes it itself (Redis's
	 * formatting of coordinates as text cost five times the search): the coordinates are
	 * exactly the ones Redis gives for the member, anywhere GEO can index.
	 */
	@Test
	void aSearchDecodesTheSamePositionsRedisHolds() {
		java.util.Random random = new java.util.Random(11);
		for (int i = 0; i < 60; i++) {
			double latitude = (i < 30) ? 40 + random.nextDouble() * 0.05 : -85 + random.nextDouble() * 170;
			double longitude = (i < 30) ? -74 + random.nextDouble() * 0.05 : -180 + random.nextDouble() * 360;
			report(UserId.random(), latitude, longitude);
		}
		Instant notBefore = this.clock.instant().minus(Duration.ofHours(24));
		List<IndexedPosition> near = this.index.nearest(Coordinates.of(40.02, -73.98), 100, 20_000, 100, notBefore,
				null);
		List<IndexedPosition> everywhere = this.index.nearest(Coordinates.of(0, 0), 100, 20_000_000, 100, notBefore,
				null);
		assertThat(near).hasSize(30);
		for (IndexedPosition found : java.util.stream.Stream.concat(near.stream(), everywhere.stream()).toList()) {
			org.springframework.data.geo.Point held = this.redis.opsForGeo()
				.position("{bowwow:location}:geo", found.userId().toString())
				.get(0);
			assertThat(found.coordinates().latitude()).isCloseTo(held.getY(),
					org.assertj.core.api.Assertions.within(1e-9));
			assertThat(found.coordinates().longitude()).isCloseTo(held.getX(),
					org.assertj.core.api.Assertions.within(1e-9));
		}
	}

	@Test
	void positionsOlderThanADayAreInvisibleAtOnceAndPurgedFromDatabaseAndIndex() {
		UserId early = UserId.random();
		UserId later = UserId.random();
		Instant start = this.clock.instant().minus(Duration.ofHours(2));
		report(early, 40.0, -74.0, start);
		report(later, 40.001, -74.0, start.plus(Duration.ofHours(2)));
		assertThat(this.index.size()).isEqualTo(2);

		this.clock.set(start.plus(Duration.ofHours(24)).plusSeconds(1));
		Instant notBefore = this.clock.instant().minus(Duration.ofHours(24));
		// Stale before the purge runs: searches and lookups already ignore it.
		assertThat(members(this.index.nearest(Coordinates.of(40, -74), 100, 10_000, 10, notBefore, null)))
			.containsExactly(later);
		assertThat(this.store.find(early, notBefore)).isEmpty();

		Purged purged = this.purgeJob.purge();
		assertThat(purged).isEqualTo(new Purged(1, 1));
		assertThat(this.jdbc.sql("select user_id from positions").query(java.util.UUID.class).list())
			.containsExactly(later.value());
		assertThat(this.redis.opsForZSet().score("{bowwow:location}:seen", early.toString())).isNull();
		assertThat(this.redis.opsForGeo().position("{bowwow:location}:geo", early.toString())).containsOnlyNulls();
		assertThat(this.purgeJob.purge()).isEqualTo(new Purged(0, 0));
	}

	@Test
	void indexIsRebuiltFromTheEncryptedRowsAfterFlushdb() {
		UserId a = UserId.random();
		UserId b = UserId.random();
		report(a, 52.52, 13.405);
		report(b, 52.53, 13.41);
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		assertThat(this.index.size()).isZero();
		assertThat(this.index.isMarkedComplete()).isFalse();

		// The periodic check finds the marker missing and rebuilds.
		this.rebuilder.check();

		assertThat(this.index.isMarkedComplete()).isTrue();
		assertThat(this.index.size()).isEqualTo(2);
		IndexedPosition rebuilt = this.index.find(a, Instant.EPOCH);
		assertThat(rebuilt.coordinates().latitude()).isCloseTo(52.52, org.assertj.core.data.Offset.offset(1e-5));
		assertThat(rebuilt.reportedAt()).isEqualTo(this.store.find(a, Instant.EPOCH)
			.orElseThrow()
			.reportedAt()
			.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		// Complete now: a second check does nothing.
		assertThat(this.rebuilder.rebuildIfMissing()).isFalse();
	}

	@Test
	void rebuildLeavesOutExpiredAndOfflineUsersAndNeverOverwritesNewerLiveUpdates() {
		UserId expired = UserId.random();
		UserId offline = UserId.random();
		UserId moving = UserId.random();
		Instant start = this.clock.instant();
		report(expired, 1, 1, start.minus(Duration.ofHours(23)));
		report(offline, 2, 2, start);
		report(moving, 3, 3, start);
		this.jdbc.sql("insert into user_settings values (?, 'mile', true, false, now(), 'e1')")
			.param(offline.value())
			.update();
		this.clock.advance(Duration.ofHours(2));
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		// A fresh update lands in the empty index before the rebuild runs.
		this.index.put(moving, Coordinates.of(4, 4), this.clock.instant().plusSeconds(1));

		assertThat(this.rebuilder.rebuildIfMissing()).isTrue();

		assertThat(this.index.find(expired, Instant.EPOCH)).isNull();
		assertThat(this.index.find(offline, Instant.EPOCH)).isNull();
		assertThat(this.index.find(moving, Instant.EPOCH).coordinates().latitude()).isCloseTo(4,
				org.assertj.core.data.Offset.offset(1e-5));
	}

	@Test
	void onlyOneOfSeveralInstancesRebuildsAtATime() throws Exception {
		for (int i = 0; i < 50; i++) {
			report(UserId.random(), 10 + i * 0.001, 10);
		}
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushDb();
			return null;
		});
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Callable<Boolean> attempt = this.rebuilder::rebuildIfMissing;
			List<Future<Boolean>> results = pool.invokeAll(List.of(attempt, attempt, attempt, attempt));
			long rebuilt = 0;
			for (Future<Boolean> result : results) {
				rebuilt += result.get() ? 1 : 0;
			}
			assertThat(rebuilt).isEqualTo(1);
		}
		finally {
			pool.shutdown();
		}
		assertThat(this.index.size()).isEqualTo(50);
		assertThat(this.index.isMarkedComplete()).isTrue();
	}

	private static List<UserId> members(List<IndexedPosition> positions) {
		return positions.stream().map(IndexedPosition::userId).toList();
	}

}
