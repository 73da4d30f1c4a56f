package com.bowwow.bench.ceiling;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import com.bowwow.bench.load.Latency;
import com.bowwow.bench.load.OpenLoop;
import com.bowwow.bench.workload.Population;
import io.lettuce.core.GeoArgs;
import io.lettuce.core.GeoSearch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import reactor.core.publisher.Mono;

/**
 * Raw Redis and PostgreSQL on this machine, with the shapes location-service uses:
 * <ul>
 * <li>{@code GEOADD} + {@code ZADD} of one member (the index write of a position update,
 * without the newest-wins script), closed loop at {@code redisConcurrency};</li>
 * <li>the positions upsert of location-service ({@code insert … on conflict (user_id) do
 * update … where reported_at < excluded.reported_at}) on a copy of its table in a scratch
 * schema, each thread on its own connection (autocommit, as the service);</li>
 * <li>both per operation: the raw work one location update needs;</li>
 * <li>{@code GEOSEARCH FROMLONLAT … BYRADIUS r m ASC COUNT 50} over a copy of the
 * population.</li>
 * </ul>
 * Closed-loop throughput is an upper bound, so the ratios are conservative.
 */
public final class Ceilings implements AutoCloseable {

	private static final String UPSERT = """
			insert into positions (user_id, key_id, sealed, reported_at, received_at)
			values (?, ?, ?, ?, ?)
			on conflict (user_id) do update set key_id = excluded.key_id, sealed = excluded.sealed,
			    reported_at = excluded.reported_at, received_at = excluded.received_at
			where positions.reported_at < excluded.reported_at
			""";

	/** Rows the upsert hits: the update path, as for users who report again. */
	private static final int ROWS = 20_000;

	private final RedisClient redisClient;

	private final StatefulRedisConnection<String, String> redis;

	private final String jdbcUrl;

	private final Properties jdbcProperties;

	private final String schema = "bench_ceiling_" + Long.toHexString(System.nanoTime());

	private final String namespace = "{bowwow-bench:" + UUID.randomUUID() + "}";

	private final UUID[] rows = new UUID[ROWS];

	private final Consumer<String> progress;

	private boolean schemaCreated;

	public Ceilings(String redisHost, int redisPort, String redisPassword, int redisDatabase, String jdbcUrl,
			String databaseUser, String databasePassword, Consumer<String> progress) {
		RedisURI.Builder uri = RedisURI.builder().withHost(redisHost).withPort(redisPort).withDatabase(redisDatabase);
		if (redisPassword != null && !redisPassword.isEmpty()) {
			uri.withPassword(redisPassword.toCharArray());
		}
		this.redisClient = RedisClient.create(uri.build());
		this.redis = this.redisClient.connect();
		this.jdbcUrl = jdbcUrl;
		this.jdbcProperties = new Properties();
		this.jdbcProperties.setProperty("user", databaseUser);
		if (databasePassword != null && !databasePassword.isEmpty()) {
			this.jdbcProperties.setProperty("password", databasePassword);
		}
		this.progress = progress;
	}

	/** Creates the scratch schema with a copy of the positions table, pre-filled. */
	public void prepare() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("create schema " + this.schema);
			this.schemaCreated = true;
			statement.execute("set search_path to " + this.schema);
			statement.execute("create table positions (user_id uuid primary key, key_id text not null, "
					+ "sealed bytea not null, reported_at timestamptz not null, received_at timestamptz not null)");
			statement.execute("create index positions_reported_at on positions (reported_at)");
			connection.setAutoCommit(false);
			try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
				Timestamp old = new Timestamp(System.currentTimeMillis() - 3_600_000);
				for (int i = 0; i < ROWS; i++) {
					this.rows[i] = UUID.randomUUID();
					bind(upsert, this.rows[i], old);
					upsert.addBatch();
					if (i % 1000 == 999) {
						upsert.executeBatch();
					}
				}
				upsert.executeBatch();
			}
			connection.commit();
		}
		RedisAsyncCommands<String, String> async = this.redis.async();
		List<RedisFuture<?>> pending = new ArrayList<>();
		for (int i = 0; i < ROWS; i++) {
			pending.add(async.geoadd(geoKey(), -74 + i * 1e-5, 40.7, this.rows[i].toString()));
		}
		await(pending);
	}

	/** GEOADD + ZADD of an existing member, closed loop. */
	public Throughput redisWrites(int concurrency, Duration duration) {
		return closedLoop(concurrency, duration, (connection) -> {
			String member = this.rows[ThreadLocalRandom.current().nextInt(ROWS)].toString();
			RedisAsyncCommands<String, String> async = this.redis.async();
			RedisFuture<Long> geo = async.geoadd(geoKey(), -74 + ThreadLocalRandom.current().nextDouble(0.2), 40.7,
					member);
			RedisFuture<Long> seen = async.zadd(seenKey(), System.currentTimeMillis(), member);
			geo.get(5, TimeUnit.SECONDS);
			seen.get(5, TimeUnit.SECONDS);
		}, false);
	}

	/** location-service's positions upsert, one connection per thread, autocommit. */
	public Throughput postgresUpserts(int concurrency, Duration duration) {
		return closedLoop(concurrency, duration, this::upsert, true);
	}

	/** Both, per operation: the raw work of one location update. */
	public Throughput combined(int concurrency, Duration duration) {
		return closedLoop(concurrency, duration, (connection) -> {
			upsert(connection);
			String member = this.rows[ThreadLocalRandom.current().nextInt(ROWS)].toString();
			RedisAsyncCommands<String, String> async = this.redis.async();
			RedisFuture<Long> geo = async.geoadd(geoKey(), -74 + ThreadLocalRandom.current().nextDouble(0.2), 40.7,
					member);
			RedisFuture<Long> seen = async.zadd(seenKey(), System.currentTimeMillis(), member);
			geo.get(5, TimeUnit.SECONDS);
			seen.get(5, TimeUnit.SECONDS);
		}, true);
	}

	/**
	 * Copies the population's positions into a scratch GEO key for the search ceilings.
	 */
	public void loadPopulation(Population population) {
		RedisAsyncCommands<String, String> async = this.redis.async();
		List<RedisFuture<?>> pending = new ArrayList<>();
		for (int i = 0; i < population.positioned(); i++) {
			pending.add(async.geoadd(searchKey(), population.longitude(i), population.latitude(i),
					population.id(i).toString()));
			if (pending.size() == 5_000) {
				await(pending);
				pending.clear();
			}
		}
		await(pending);
	}

	/** One {@code GEOSEARCH … ASC COUNT limit} as an open-loop operation. */
	public Mono<Boolean> geosearch(double longitude, double latitude, double radiusMeters, int limit) {
		return Mono
			.fromCompletionStage(this.redis.async()
				.geosearch(searchKey(), GeoSearch.fromCoordinates(longitude, latitude),
						GeoSearch.byRadius(radiusMeters, GeoArgs.Unit.m), new GeoArgs().withCount(limit).asc()))
			.map((found) -> true)
			.onErrorReturn(false);
	}

	/**
	 * GEOSEARCH latency, one search at a time (at most 300 or for {@code duration}): the
	 * floor of a nearby query of this shape. Never open loop: a plain GEOSEARCH over a
	 * dense 10-mile circle takes tens of milliseconds, and a backlog of them would stall
	 * the stack's own Redis calls.
	 */
	public OpenLoop.Result geosearchLatency(Duration duration, double[][] centers, double radiusMeters, int limit) {
		Latency latency = new Latency();
		long failed = 0;
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		int n = 0;
		while (n < 300 && System.nanoTime() < end) {
			double[] center = centers[n++ % centers.length];
			long begin = System.nanoTime();
			try {
				this.redis.async()
					.geosearch(searchKey(), GeoSearch.fromCoordinates(center[1], center[0]),
							GeoSearch.byRadius(radiusMeters, GeoArgs.Unit.m), new GeoArgs().withCount(limit).asc())
					.get(10, TimeUnit.SECONDS);
				latency.recordNanos(System.nanoTime() - begin);
			}
			catch (Exception ex) {
				failed++;
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new OpenLoop.Result(n / seconds, n / seconds, n, failed, 0, latency.summary());
	}

	/** GEOSEARCH closed loop: the most searches per second this Redis answers. */
	public Throughput geosearchThroughput(int concurrency, Duration duration, double[][] centers, double radiusMeters,
			int limit) {
		return closedLoop(concurrency, duration, (connection) -> {
			double[] center = centers[ThreadLocalRandom.current().nextInt(centers.length)];
			this.redis.async()
				.geosearch(searchKey(), GeoSearch.fromCoordinates(center[1], center[0]),
						GeoSearch.byRadius(radiusMeters, GeoArgs.Unit.m), new GeoArgs().withCount(limit).asc())
				.get(5, TimeUnit.SECONDS);
		}, false);
	}

	private void upsert(Connection connection) throws SQLException {
		// a new statement per update, as JdbcClient in the service does
		try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
			bind(upsert, this.rows[ThreadLocalRandom.current().nextInt(ROWS)],
					new Timestamp(System.currentTimeMillis()));
			upsert.executeUpdate();
		}
	}

	private static void bind(PreparedStatement upsert, UUID id, Timestamp reported) throws SQLException {
		// AES-GCM of two doubles with nonce and tag: about the size location-service
		// stores
		byte[] sealed = new byte[44];
		ThreadLocalRandom.current().nextBytes(sealed);
		ByteBuffer.wrap(sealed).putInt(0, 1);
		upsert.setObject(1, id);
		upsert.setString(2, "bench");
		upsert.setBytes(3, sealed);
		upsert.setTimestamp(4, reported);
		upsert.setTimestamp(5, reported);
	}

	private Throughput closedLoop(int concurrency, Duration duration, Operation operation, boolean needsDatabase) {
		Latency latency = new Latency();
		LongAdder done = new LongAdder();
		LongAdder failed = new LongAdder();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (int t = 0; t < concurrency; t++) {
			threads.add(Thread.ofPlatform().name("ceiling-" + t).start(() -> {
				try (Connection connection = needsDatabase ? connect() : null) {
					if (connection != null) {
						try (Statement statement = connection.createStatement()) {
							statement.execute("set search_path to " + this.schema);
						}
					}
					while (running.get()) {
						long begin = System.nanoTime();
						try {
							operation.run(connection);
							latency.recordNanos(System.nanoTime() - begin);
							done.increment();
						}
						catch (Exception ex) {
							failed.increment();
						}
					}
				}
				catch (SQLException ex) {
					this.progress.accept("  ceiling thread could not connect: " + ex.getMessage());
					failed.increment();
				}
			}));
		}
		sleep(duration);
		running.set(false);
		threads.forEach(Ceilings::join);
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Throughput(done.sum() / seconds, concurrency, failed.sum(), latency.summary());
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.jdbcProperties);
	}

	private String geoKey() {
		return this.namespace + ":geo";
	}

	private String seenKey() {
		return this.namespace + ":seen";
	}

	private String searchKey() {
		return this.namespace + ":search";
	}

	@Override
	public void close() {
		try {
			RedisCommands<String, String> sync = this.redis.sync();
			sync.del(geoKey(), seenKey(), searchKey());
		}
		catch (RuntimeException ex) {
			this.progress.accept("  could not delete the ceiling keys: " + ex.getMessage());
		}
		this.redis.close();
		this.redisClient.shutdown();
		if (this.schemaCreated) {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute("drop schema " + this.schema + " cascade");
			}
			catch (SQLException ex) {
				this.progress.accept("  could not drop " + this.schema + ": " + ex.getMessage());
			}
		}
	}

	private static void await(List<RedisFuture<?>> pending) {
		for (RedisFuture<?> future : pending) {
			try {
				future.get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Redis did not answer: " + ex, ex);
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface Operation {

		void run(Connection connection) throws Exception;

	}

	/**
	 * @param perSecond operations per second
	 * @param concurrency threads in the closed loop
	 * @param failed operations that failed
	 * @param latency per operation
	 */
	public record Throughput(double perSecond, int concurrency, long failed, Latency.Summary latency) {

	}

}
