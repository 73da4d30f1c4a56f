package com.bowwow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;
import com.bowwow.location.index.IndexedPosition;
import com.bowwow.location.index.SpatialIndex;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisGeoCommands.GeoLocation;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.geo.Point;

/**
 * Nearby search over one dense metro area: the service's expanding-ring query
 * ({@link SpatialIndex#nearest}, the code location-service runs) against a plain
 * {@code GEOSEARCH} over the whole 10-mile circle.
 *
 * <p>
 * Users are spread around Manhattan with a normal distribution (σ = 20 km), which puts
 * about 27 % of them (274k of 1M) inside 16 km of the centre, as measured in production
 * data. Each query starts at a random user of the population (so dense and sparse spots
 * are both sampled in proportion), radius 10 miles, limit 50.
 *
 * <pre>
 * ./mvnw -B -q exec:java -pl bench -Dbench.main=com.bowwow.bench.NearbyBenchmark
 * </pre>
 *
 * Arguments (via {@code -Dexec.args="…"}): {@code redisHost redisPort database sizes…},
 * default {@code 127.0.0.1 6379 0 100000 1000000}. Keys live under a random namespace and
 * are deleted at the end.
 */
public final class NearbyBenchmark {

	private static final Coordinates CENTER = Coordinates.of(40.758, -73.9855);

	private static final double SIGMA_METERS = 20_000;

	private static final double RADIUS_METERS = 16_093.44;

	private static final int LIMIT = 50;

	private static final int WARMUP = 200;

	private static final int QUERIES = 2_000;

	private static final int RAW_QUERIES = 50;

	private NearbyBenchmark() {
	}

	public static void main(String[] args) {
		String host = (args.length > 0) ? args[0] : "127.0.0.1";
		int port = (args.length > 1) ? Integer.parseInt(args[1]) : 6379;
		int database = (args.length > 2) ? Integer.parseInt(args[2]) : 0;
		int[] sizes = (args.length > 3) ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray()
				: new int[] { 100_000, 1_000_000 };
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(host, port);
		configuration.setDatabase(database);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			redis.afterPropertiesSet();
			System.out.printf("Nearby benchmark: radius %.0f m, limit %d, %d queries after %d warm-up%n", RADIUS_METERS,
					LIMIT, QUERIES, WARMUP);
			for (int size : sizes) {
				run(redis, size);
			}
		}
		finally {
			factory.destroy();
		}
	}

	private static void run(StringRedisTemplate redis, int size) {
		String namespace = "bowwow-bench:" + UUID.randomUUID();
		SpatialIndex index = new SpatialIndex(redis, namespace);
		String geoKey = "{" + namespace + "}:geo";
		String seenKey = "{" + namespace + "}:seen";
		Random random = new Random(7);
		Instant now = Instant.now();
		List<Coordinates> population = new ArrayList<>(size);
		try {
			long loadStart = System.nanoTime();
			List<IndexedPosition> batch = new ArrayList<>(10_000);
			for (int i = 0; i < size; i++) {
				Coordinates at = around(random);
				population.add(at);
				batch.add(new IndexedPosition(UserId.random(), at, now.minusSeconds(random.nextInt(80_000))));
				if (batch.size() == 10_000 || i == size - 1) {
					bulkLoad(redis, geoKey, seenKey, batch);
					batch.clear();
				}
			}
			long inCircle = redis.opsForGeo()
				.search(geoKey,
						org.springframework.data.redis.domain.geo.GeoReference.fromCoordinate(CENTER.longitude(),
								CENTER.latitude()),
						new org.springframework.data.geo.Distance(RADIUS_METERS / 1000,
								org.springframework.data.redis.connection.RedisGeoCommands.DistanceUnit.KILOMETERS))
				.getContent()
				.size();
			System.out.printf("%n%,d users loaded in %.1f s; %,d within 16 km of the centre%n", size,
					(System.nanoTime() - loadStart) / 1e9, inCircle);
			Instant notBefore = now.minus(Duration.ofHours(24));
			for (int i = 0; i < WARMUP; i++) {
				index.nearest(population.get(random.nextInt(size)), 250, RADIUS_METERS, LIMIT, notBefore, null);
			}
			long[] ring = new long[QUERIES];
			long[] ringAtCenter = new long[QUERIES];
			for (int i = 0; i < QUERIES; i++) {
				Coordinates from = population.get(random.nextInt(size));
				long start = System.nanoTime();
				List<IndexedPosition> found = index.nearest(from, 250, RADIUS_METERS, LIMIT, notBefore, null);
				ring[i] = System.nanoTime() - start;
				if (found.size() < Math.min(LIMIT, 1)) {
					throw new IllegalStateException("no result");
				}
				start = System.nanoTime();
				index.nearest(CENTER, 250, RADIUS_METERS, LIMIT, notBefore, null);
				ringAtCenter[i] = System.nanoTime() - start;
			}
			report("expanding rings, random users", ring);
			report("expanding rings, densest spot", ringAtCenter);
			long[] raw = new long[RAW_QUERIES];
			for (int i = 0; i < RAW_QUERIES; i++) {
				raw[i] = rawGeosearch(redis, geoKey, (i % 2 == 0) ? CENTER : population.get(random.nextInt(size)));
			}
			report("raw GEOSEARCH 16 km ASC COUNT 50", raw);
		}
		finally {
			redis.delete(List.of(geoKey, seenKey));
		}
	}

	/**
	 * Plain load: the benchmark measures queries, not the per-update newest-wins script.
	 */
	private static void bulkLoad(StringRedisTemplate redis, String geoKey, String seenKey,
			List<IndexedPosition> batch) {
		redis.executePipelined((RedisCallback<Object>) (connection) -> {
			byte[] geo = geoKey.getBytes(StandardCharsets.UTF_8);
			byte[] seen = seenKey.getBytes(StandardCharsets.UTF_8);
			List<GeoLocation<byte[]>> locations = new ArrayList<>(batch.size());
			java.util.Set<org.springframework.data.redis.connection.zset.Tuple> tuples = new java.util.HashSet<>();
			for (IndexedPosition position : batch) {
				byte[] member = position.userId().toString().getBytes(StandardCharsets.UTF_8);
				locations.add(new GeoLocation<>(member,
						new Point(position.coordinates().longitude(), position.coordinates().latitude())));
				tuples.add(new org.springframework.data.redis.connection.zset.DefaultTuple(member,
						(double) position.reportedAt().toEpochMilli()));
			}
			connection.geoCommands().geoAdd(geo, locations);
			connection.zSetCommands().zAdd(seen, tuples);
			return null;
		});
	}

	/** One GEOSEARCH over the whole circle, as a plain radius query would do it. */
	private static long rawGeosearch(StringRedisTemplate redis, String geoKey, Coordinates from) {
		long start = System.nanoTime();
		redis.execute((RedisCallback<Object>) (RedisConnection connection) -> connection.execute("GEOSEARCH",
				geoKey.getBytes(StandardCharsets.UTF_8), bytes("FROMLONLAT"), bytes(Double.toString(from.longitude())),
				bytes(Double.toString(from.latitude())), bytes("BYRADIUS"), bytes(Double.toString(RADIUS_METERS)),
				bytes("m"), bytes("ASC"), bytes("COUNT"), bytes(Integer.toString(LIMIT))));
		return System.nanoTime() - start;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static Coordinates around(Random random) {
		double north = random.nextGaussian() * SIGMA_METERS;
		double east = random.nextGaussian() * SIGMA_METERS;
		double latitude = CENTER.latitude() + Math.toDegrees(north / 6_371_008.8);
		double longitude = CENTER.longitude()
				+ Math.toDegrees(east / (6_371_008.8 * Math.cos(Math.toRadians(CENTER.latitude()))));
		return Coordinates.of(latitude, longitude);
	}

	private static void report(String label, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("  %-36s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (n=%d)%n", label,
				sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
				sorted[sorted.length - 1] / 1e6, sorted.length);
	}

}
