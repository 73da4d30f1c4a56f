package com.bowwow.bench.harness;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.bowwow.devstack.DevStack;
import com.bowwow.devstack.Infrastructure;
import com.bowwow.devstack.ServiceSpec;
import com.bowwow.testsupport.TestInfrastructure;
import com.bowwow.testsupport.TestTokens;

/**
 * The stack being measured: six packaged services started through devstack on ports
 * 28000-28005 (beside a local run.sh on 8000+ and the e2e stack on 18000+), on a database
 * and Redis index of their own from test-support; or a stack already running elsewhere.
 */
final class SystemUnderTest implements AutoCloseable {

	/** The bench stack listens on 28000-28005. */
	static final int PORT_OFFSET = 20_000;

	/**
	 * The bench is one client address acting as many phones, and each of its users is far
	 * busier than a phone: the per-IP, registration and per-user limits (gateway and
	 * location-service's nearby and subscribe) are lifted (still checked on every
	 * request, so their cost is measured). The test key pair lets the harness mint tokens
	 * for users it positions through the bulk path.
	 */
	static final Map<String, String> ENVIRONMENT = Map.ofEntries(Map.entry("RATE_LIMIT_USER_PER_MINUTE", "100000000"),
			Map.entry("RATE_LIMIT_USER_BURST", "10000000"), Map.entry("RATE_LIMIT_IP_PER_MINUTE", "100000000"),
			Map.entry("RATE_LIMIT_IP_BURST", "10000000"), Map.entry("RATE_LIMIT_REGISTRATION_PER_MINUTE", "100000000"),
			Map.entry("RATE_LIMIT_REGISTRATION_BURST", "10000000"),
			Map.entry("LOCATION_NEARBY_LIMIT_PER_MINUTE", "100000000"),
			Map.entry("LOCATION_NEARBY_LIMIT_BURST", "10000000"),
			Map.entry("LOCATION_SUBSCRIBE_LIMIT_PER_MINUTE", "100000000"),
			Map.entry("LOCATION_SUBSCRIBE_LIMIT_BURST", "10000000"));

	final String gatewayUrl;

	final String locationUrl;

	final String jdbcUrl;

	final String databaseUser;

	final String databasePassword;

	final String redisHost;

	final int redisPort;

	final String redisPassword;

	final int redisDatabase;

	/** Whether tokens signed with the test key are accepted (started stacks only). */
	final boolean testTokens;

	final double startSeconds;

	private final DevStack stack;

	private SystemUnderTest(String gatewayUrl, String locationUrl, String jdbcUrl, String databaseUser,
			String databasePassword, String redisHost, int redisPort, String redisPassword, int redisDatabase,
			boolean testTokens, double startSeconds, DevStack stack) {
		this.gatewayUrl = gatewayUrl;
		this.locationUrl = locationUrl;
		this.jdbcUrl = jdbcUrl;
		this.databaseUser = databaseUser;
		this.databasePassword = databasePassword;
		this.redisHost = redisHost;
		this.redisPort = redisPort;
		this.redisPassword = redisPassword;
		this.redisDatabase = redisDatabase;
		this.testTokens = testTokens;
		this.startSeconds = startSeconds;
		this.stack = stack;
	}

	static SystemUnderTest start(Path root, Consumer<String> progress) {
		TestInfrastructure servers = TestInfrastructure.get();
		Map<String, String> environment = new LinkedHashMap<>(ENVIRONMENT);
		environment.put("JWT_SIGNING_KEY", TestTokens.signingKey());
		environment.put("JWT_VERIFICATION_KEYS", TestTokens.verificationKeys());
		// analytics-service's operations panel reads the management ports of this stack
		String[] services = { "GATEWAY", "USER_SERVICE", "LOCATION_SERVICE", "SIGNAL_SERVICE", "PUSH_SERVICE",
				"ANALYTICS_SERVICE" };
		for (int i = 0; i < services.length; i++) {
			environment.put(services[i] + "_METRICS_URL",
					"http://localhost:" + (9000 + i + PORT_OFFSET) + "/actuator/prometheus");
		}
		long started = System.nanoTime();
		DevStack stack = DevStack.start(root,
				Optional.of(new Infrastructure(servers.jdbcUrl(), servers.username(), servers.password(),
						servers.redisHost(), servers.redisPort(), servers.redisPassword(), servers.redisDatabase())),
				environment, PORT_OFFSET, (line) -> progress.accept("[stack] " + line));
		double seconds = (System.nanoTime() - started) / 1e9;
		return new SystemUnderTest(stack.gateway().toString(), "http://localhost:" + (8002 + PORT_OFFSET),
				servers.jdbcUrl(), servers.username(), servers.password(), servers.redisHost(), servers.redisPort(),
				servers.redisPassword(), servers.redisDatabase(), true, seconds, stack);
	}

	static SystemUnderTest target(BenchOptions options) {
		String host = null;
		int port = 6379;
		String password = null;
		int database = 0;
		if (options.redisUrl() != null) {
			URI redis = URI.create(options.redisUrl());
			host = redis.getHost();
			port = (redis.getPort() > 0) ? redis.getPort() : 6379;
			if (redis.getUserInfo() != null) {
				password = redis.getUserInfo().substring(redis.getUserInfo().indexOf(':') + 1);
			}
			if (redis.getPath() != null && redis.getPath().length() > 1) {
				database = Integer.parseInt(redis.getPath().substring(1));
			}
		}
		return new SystemUnderTest(options.target().replaceAll("/+$", ""), options.locationUrl(), options.jdbcUrl(),
				options.databaseUser(), options.databasePassword(), host, port, password, database, false, 0, null);
	}

	boolean started() {
		return this.stack != null;
	}

	/**
	 * Starts one more location-service instance (same database and Redis, its ports
	 * shifted) and returns its base URL; only for a stack this harness started.
	 */
	String startLocationInstance(int portShift) {
		String instance = this.stack.startInstance("location-service", portShift);
		return this.stack.url(instance).toString().replaceAll("/+$", "");
	}

	/**
	 * Where a location-service instance serves the stream to the load balancer: its own
	 * port, the service port + {@link ServiceSpec#STREAM_PORT_OFFSET} unless
	 * {@code LOCATION_STREAM_PORT} says otherwise (location-service's
	 * {@code stream.ConnectionCapacity}).
	 */
	static String streamPortOf(String locationUrl) {
		URI service = URI.create(locationUrl);
		int port = (service.getPort() > 0) ? service.getPort() : "https".equals(service.getScheme()) ? 443 : 80;
		return service.getScheme() + "://" + service.getHost() + ":" + (port + ServiceSpec.STREAM_PORT_OFFSET);
	}

	/** Process IDs by service name, when this harness started them. */
	Map<String, Long> pids() {
		return (this.stack != null) ? this.stack.pids() : Map.of();
	}

	java.nio.file.Path logFile(String service) {
		return (this.stack != null) ? this.stack.logFile(service) : null;
	}

	/** The last line of a service's log that contains {@code text}, or null. */
	String lastLogLine(String service, String text) {
		try {
			java.nio.file.Path log = logFile(service);
			if (log == null) {
				return null;
			}
			List<String> lines = java.nio.file.Files.readAllLines(log);
			for (int i = lines.size() - 1; i >= 0; i--) {
				if (lines.get(i).contains(text)) {
					return lines.get(i).trim();
				}
			}
		}
		catch (java.io.IOException | RuntimeException ex) {
			// no log
		}
		return null;
	}

	@Override
	public void close() {
		if (this.stack != null) {
			this.stack.close();
		}
	}

}
