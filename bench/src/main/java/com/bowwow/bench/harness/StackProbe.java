package com.bowwow.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.bowwow.devstack.ServiceSpec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What the soak samples of the stack every 30 s: per service its RSS and open file
 * descriptors from {@code /proc}, and from its Prometheus endpoint on the management port
 * (the only metrics endpoint the services expose) heap used, heap after the last major GC
 * ({@code jvm_gc_live_data_size_bytes}), major GCs so far, live threads and the Hikari
 * pool's connections; the stack's PostgreSQL connections ({@code pg_stat_activity} of its
 * database) and its Redis clients ({@code CLIENT LIST} of its index: the server may be
 * shared). Anything unreadable is NaN, never an exception.
 */
final class StackProbe implements AutoCloseable {

	private static final double MIB = 1024 * 1024;

	private final Map<String, Long> pids;

	private final Map<String, URI> prometheus;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	private final SystemUnderTest system;

	private Connection database;

	private RedisClient redisClient;

	private StatefulRedisConnection<String, String> redis;

	/**
	 * Per-service figures only for a stack this harness started (a targeted one has no
	 * PIDs here and its management ports are not public).
	 */
	StackProbe(SystemUnderTest system) {
		this.system = system;
		this.pids = system.pids();
		this.prometheus = new LinkedHashMap<>();
		if (system.started()) {
			for (ServiceSpec spec : ServiceSpec.ALL) {
				this.prometheus.put(spec.name(), URI.create(spec.offsetBy(SystemUnderTest.PORT_OFFSET).metricsUrl()));
			}
		}
	}

	List<String> services() {
		return List.copyOf(this.pids.keySet());
	}

	/** One service at one moment; NaN where unreadable. */
	record Service(double rssMiB, double heapUsedMiB, double heapAfterGcMiB, double majorGcs, double threads,
			double fds, double poolConnections) {

	}

	/**
	 * The stack at one moment.
	 *
	 * @param services by name
	 * @param databaseConnections client backends in the stack's database (ours left out)
	 * @param redisClients clients on the stack's Redis index (ours left out)
	 * @param redisServerClients {@code connected_clients} of the whole server (others'
	 * too: for reference only)
	 */
	record Snapshot(Map<String, Service> services, double databaseConnections, double redisClients,
			double redisServerClients) {

	}

	Snapshot sample() {
		Map<String, Service> services = new LinkedHashMap<>();
		this.pids.forEach((service, pid) -> {
			Map<String, Double> metrics = scrape(this.prometheus.get(service));
			services.put(service,
					new Service(ProcessMemory.residentMiB(pid), metrics.getOrDefault("heapUsed", Double.NaN) / MIB,
							metrics.getOrDefault("liveData", Double.NaN) / MIB,
							metrics.getOrDefault("majorGcs", Double.NaN), metrics.getOrDefault("threads", Double.NaN),
							openFiles(pid), metrics.getOrDefault("pool", Double.NaN)));
		});
		double[] redis = redisClients();
		return new Snapshot(services, databaseConnections(), redis[0], redis[1]);
	}

	static double openFiles(long pid) {
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			return fds.count();
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/**
	 * signal-service's time in each stage of a send so far (seconds, summed over every
	 * send, by stage): the difference around one send is where that send's time went.
	 * Empty when unreadable.
	 */
	Map<String, Double> sendStages() {
		String exposition = exposition(this.prometheus.get("signal-service"));
		return (exposition != null) ? sumsByLabel(exposition, "bowwow_signal_send_stage_seconds_sum", "stage")
				: Map.of();
	}

	private Map<String, Double> scrape(URI uri) {
		String exposition = exposition(uri);
		return (exposition != null) ? parse(exposition) : Map.of();
	}

	private String exposition(URI uri) {
		if (uri == null) {
			return null;
		}
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The values of one metric by one label's value, in the order they appear (series
	 * with the same label value summed).
	 */
	static Map<String, Double> sumsByLabel(String exposition, String metric, String label) {
		Map<String, Double> sums = new LinkedHashMap<>();
		String labelStart = label + "=\"";
		for (String line : exposition.split("\n")) {
			if (!line.startsWith(metric + "{")) {
				continue;
			}
			int at = line.indexOf(labelStart);
			int space = line.lastIndexOf(' ');
			if (at < 0 || space < 0) {
				continue;
			}
			int from = at + labelStart.length();
			String value = line.substring(from, line.indexOf('"', from));
			try {
				sums.merge(value, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
			}
			catch (NumberFormatException ex) {
				// not a sample line
			}
		}
		return sums;
	}

	/**
	 * The figures the soak needs from a Prometheus text exposition: sums over the
	 * matching series, absent when none matched.
	 */
	static Map<String, Double> parse(String exposition) {
		Map<String, Double> figures = new LinkedHashMap<>();
		for (String line : exposition.split("\n")) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int brace = line.indexOf('{');
			int space = line.lastIndexOf(' ');
			if (space < 0) {
				continue;
			}
			String name = line.substring(0, (brace >= 0 && brace < space) ? brace : space).trim();
			String labels = (brace >= 0 && brace < space) ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
			double value;
			try {
				value = Double.parseDouble(line.substring(space + 1).trim());
			}
			catch (NumberFormatException ex) {
				continue;
			}
			String key = switch (name) {
				case "jvm_memory_used_bytes" -> labels.contains("area=\"heap\"") ? "heapUsed" : null;
				case "jvm_gc_live_data_size_bytes" -> "liveData";
				case "jvm_gc_pause_seconds_count" -> labels.contains("major GC") ? "majorGcs" : null;
				case "jvm_threads_live_threads" -> "threads";
				case "hikaricp_connections" -> "pool";
				default -> null;
			};
			if (key != null) {
				figures.merge(key, value, Double::sum);
			}
		}
		// a service without a major GC so far has none counted, not an unknown number
		if (figures.containsKey("threads")) {
			figures.putIfAbsent("majorGcs", 0.0);
		}
		// Micrometer reports 0 until the first major GC (or shrinking old generation): no
		// figure yet, not an empty heap
		if (figures.getOrDefault("liveData", Double.NaN) == 0) {
			figures.remove("liveData");
		}
		return figures;
	}

	private double databaseConnections() {
		if (this.system.jdbcUrl == null) {
			return Double.NaN;
		}
		try {
			if (this.database == null || !this.database.isValid(2)) {
				Properties properties = new Properties();
				properties.setProperty("user", this.system.databaseUser);
				if (this.system.databasePassword != null && !this.system.databasePassword.isEmpty()) {
					properties.setProperty("password", this.system.databasePassword);
				}
				properties.setProperty("ApplicationName", "bowwow-bench-soak-probe");
				this.database = DriverManager.getConnection(this.system.jdbcUrl, properties);
			}
			try (Statement statement = this.database.createStatement();
					ResultSet rows = statement.executeQuery("select count(*) from pg_stat_activity "
							+ "where datname = current_database() and backend_type = 'client backend' "
							+ "and pid <> pg_backend_pid()")) {
				rows.next();
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			return Double.NaN;
		}
	}

	/** Clients on the stack's index, and on the whole server. */
	private double[] redisClients() {
		if (this.system.redisHost == null) {
			return new double[] { Double.NaN, Double.NaN };
		}
		try {
			if (this.redis == null || !this.redis.isOpen()) {
				RedisURI.Builder uri = RedisURI.builder()
					.withHost(this.system.redisHost)
					.withPort(this.system.redisPort)
					.withTimeout(Duration.ofSeconds(3));
				if (this.system.redisPassword != null && !this.system.redisPassword.isEmpty()) {
					uri.withPassword(this.system.redisPassword.toCharArray());
				}
				this.redisClient = RedisClient.create(uri.build());
				this.redis = this.redisClient.connect();
			}
			long ours = this.redis.sync().clientId();
			return new double[] { clientsOn(this.redis.sync().clientList(), this.system.redisDatabase, ours),
					field(this.redis.sync().info("clients"), "connected_clients") };
		}
		catch (RuntimeException ex) {
			return new double[] { Double.NaN, Double.NaN };
		}
	}

	/** Clients of a {@code CLIENT LIST} answer on one index, leaving one ID out. */
	static long clientsOn(String clientList, int database, long except) {
		long count = 0;
		for (String line : clientList.split("\r?\n")) {
			String fields = " " + line.trim() + " ";
			if (fields.contains(" db=" + database + " ") && !fields.contains(" id=" + except + " ")) {
				count++;
			}
		}
		return count;
	}

	private static double field(String info, String name) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(name + ":")) {
				return Double.parseDouble(line.substring(name.length() + 1).trim());
			}
		}
		return Double.NaN;
	}

	@Override
	public void close() {
		try {
			if (this.database != null) {
				this.database.close();
			}
		}
		catch (SQLException ex) {
			// closing anyway
		}
		if (this.redis != null) {
			this.redis.close();
		}
		if (this.redisClient != null) {
			this.redisClient.shutdown();
		}
	}

}
