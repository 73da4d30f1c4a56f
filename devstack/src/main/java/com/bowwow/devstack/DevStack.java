package com.bowwow.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The six services on one machine, as separate JVMs with the memory budget of their
 * containers, wired to one PostgreSQL and one Redis. Used by the run command and by the
 * end-to-end tests.
 *
 * <p>
 * Every process it starts, embedded servers included, is recorded in
 * {@code <run directory>/pids}; the next start stops whatever a killed run left behind,
 * so starting twice never fails on leftovers.
 */
public final class DevStack implements AutoCloseable {

	/** The launcher that owns a run directory: pid and start time. */
	static final String OWNER = "owner";

	/** Marks our JVMs, so that they are easy to tell apart in a process list. */
	static final String MARKER = "-Dbowwow.devstack=true";

	/**
	 * Whether services start from the JDK's AOT cache ({@link StartupCache}); on unless
	 * {@code -Dbowwow.devstack.startupCache=false}.
	 */
	static final boolean STARTUP_CACHE = !"false".equals(System.getProperty("bowwow.devstack.startupCache"));

	/**
	 * How long the services may take to become healthy: generous, because a busy machine
	 * (a build beside it) slows start-up many times over and a slow start is not a
	 * failure; {@code BOWWOW_DEVSTACK_START_TIMEOUT} (seconds) overrides it.
	 */
	private static final Duration START_TIMEOUT = Duration
		.ofSeconds(Long.parseLong(System.getenv().getOrDefault("BOWWOW_DEVSTACK_START_TIMEOUT", "600")));

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final Path runDirectory;

	private final List<Running> running = new ArrayList<>();

	private final Map<String, Launch> launches = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile Infrastructure servers;

	private final EmbeddedServers embedded;

	private final Consumer<String> progress;

	private final List<ServiceSpec> services;

	private volatile boolean closing;

	private String operatorToken;

	private final Map<String, String> serviceSigningKeys = new java.util.concurrent.ConcurrentHashMap<>();

	private DevStack(Path runDirectory, EmbeddedServers embedded, List<ServiceSpec> services,
			Consumer<String> progress) {
		this.runDirectory = runDirectory;
		this.services = services;
		this.embedded = embedded;
		this.progress = progress;
	}

	/**
	 * Starts the services and waits until every one answers {@code /health} with 200.
	 * @param repositoryRoot the checkout, whose modules hold the packaged jars
	 * @param infrastructure PostgreSQL and Redis to use, or empty to start embedded ones
	 * @param extraEnvironment more environment for every service (e.g. keys)
	 * @param portOffset added to every port (0 for the standard 8000-8005 and 9000-9005)
	 * @param progress where progress lines go
	 */
	public static DevStack start(Path repositoryRoot, Optional<Infrastructure> infrastructure,
			Map<String, String> extraEnvironment, int portOffset, Consumer<String> progress) {
		Path runDirectory = prepare(repositoryRoot, portOffset, progress);
		List<ServiceSpec> services = ServiceSpec.ALL.stream().map((s) -> s.offsetBy(portOffset)).toList();
		EmbeddedServers embedded = null;
		if (infrastructure.isEmpty()) {
			progress.accept("Starting embedded PostgreSQL and Redis");
			embedded = EmbeddedServers.start(runDirectory);
		}
		Infrastructure servers = (embedded != null) ? embedded.infrastructure() : infrastructure.orElseThrow();
		DevStack stack = new DevStack(runDirectory, embedded, services, progress);
		try {
			stack.launch(repositoryRoot, servers, extraEnvironment, services, STARTUP_CACHE);
			stack.awaitHealthy();
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	/**
	 * Starts the services in reverse order (gateway first), and the embedded PostgreSQL
	 * and Redis only after {@code infrastructureDelay}: a fault test of start-up order.
	 * Every service must become healthy on its own, without a restart; the stack waits
	 * for that as {@link #start} does, and fails if a service exits meanwhile.
	 */
	public static DevStack startBackwards(Path repositoryRoot, Map<String, String> extraEnvironment, int portOffset,
			Duration infrastructureDelay, Consumer<String> progress) {
		Path runDirectory = prepare(repositoryRoot, portOffset, progress);
		List<ServiceSpec> services = ServiceSpec.ALL.stream().map((s) -> s.offsetBy(portOffset)).toList();
		EmbeddedServers embedded = EmbeddedServers.unstarted(runDirectory);
		DevStack stack = new DevStack(runDirectory, embedded, services, progress);
		try {
			// No training here: the servers it would need are not up yet by design.
			stack.launch(repositoryRoot, embedded.infrastructure(), extraEnvironment, services.reversed(), false);
			// The delay counts from when every service has reached its database pool, or
			// failed to reach a server, or is up without either (start-up takes minutes
			// on
			// a busy machine), so that each one meets the missing servers rather than
			// finding them already up.
			stack.awaitLogLine(List.of("HikariDataSource", "Unable to connect", "Connection refused", "Started "),
					START_TIMEOUT.dividedBy(2));
			progress.accept("Every service has reached its servers (gateway first); PostgreSQL and Redis follow in "
					+ infrastructureDelay.toSeconds() + " s");
			pause(infrastructureDelay);
			// Redis first, then PostgreSQL: the one the services need first comes last.
			embedded.startRedis();
			embedded.startPostgres();
			stack.recordPids();
			progress.accept("Embedded PostgreSQL and Redis are up");
			stack.awaitHealthy();
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	/**
	 * Waits until every service's log has a line containing one of {@code texts}, or
	 * {@code limit} has passed.
	 */
	private void awaitLogLine(List<String> texts, Duration limit) {
		Instant deadline = Instant.now().plus(limit);
		List<Running> waiting = new ArrayList<>(this.running);
		while (!waiting.isEmpty()) {
			for (Running service : List.copyOf(waiting)) {
				if (!service.process().isAlive()) {
					throw new IllegalStateException(service.instance() + " exited with code "
							+ service.process().exitValue() + " during start-up:\n" + tail(service.instance()));
				}
				try {
					String log = Files.readString(logFile(service.instance()), StandardCharsets.ISO_8859_1);
					if (texts.stream().anyMatch(log::contains)) {
						waiting.remove(service);
					}
				}
				catch (IOException | java.io.UncheckedIOException ex) {
					// not written yet
				}
			}
			if (Instant.now().isAfter(deadline)) {
				this.progress.accept("  still starting after " + limit.toSeconds() + " s: "
						+ waiting.stream().map(Running::instance).toList());
				return;
			}
			pause(Duration.ofMillis(500));
		}
	}

	static Path prepare(Path repositoryRoot, int portOffset, Consumer<String> progress) {
		// Each port layout has its own run directory, so a test stack never stops a local
		// one.
		Path runDirectory = repositoryRoot.resolve((portOffset == 0) ? ".devstack" : ".devstack-" + portOffset);
		claimRunDirectory(runDirectory);
		stopLeftovers(runDirectory, progress);
		for (ServiceSpec service : ServiceSpec.ALL.stream().map((s) -> s.offsetBy(portOffset)).toList()) {
			Path jar = service.jar(repositoryRoot);
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException(
						jar + " is missing: build first with ./mvnw -B -DskipTests package (the run script does this)");
			}
			requireFreePort(service.port(), service.name());
			requireFreePort(service.managementPort(), service.name() + " management");
			service.streamPort().ifPresent((port) -> requireFreePort(port, service.name() + " stream"));
		}
		return runDirectory;
	}

	private void launch(Path repositoryRoot, Infrastructure servers, Map<String, String> extraEnvironment,
			List<ServiceSpec> order, boolean withStartupCache) {
		this.servers = servers;
		Path logs = this.runDirectory.resolve("logs");
		try {
			Files.createDirectories(logs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> jvmFlags = jvmFlags();
		Map<String, String> tokenKeys = freshTokenKeys();
		Map<String, Map<String, String>> serviceKeys = freshServiceKeys(
				this.services.stream().map(ServiceSpec::name).toList());
		serviceKeys.forEach((service, env) -> this.serviceSigningKeys.put(service, env.get("SERVICE_SIGNING_KEY")));
		// Operators sign in to the dashboard and the operator endpoints with this; a
		// fresh
		// one per run unless the caller (or the shell) names one.
		this.operatorToken = extraEnvironment.getOrDefault("OPERATOR_TOKEN",
				Optional.ofNullable(System.getenv("OPERATOR_TOKEN"))
					.filter((t) -> !t.isBlank())
					.orElseGet(DevStack::freshOperatorToken));
		Map<String, Map<String, String>> environments = new LinkedHashMap<>();
		for (ServiceSpec service : order) {
			Map<String, String> env = new LinkedHashMap<>();
			// Unset means production (refuses development defaults); this stack is local.
			env.put("BOWWOW_ENVIRONMENT", "local");
			// Each service warms its rare paths before it reports ready, as behind the
			// load balancer (com.bowwow.common.warmup): the journeys and the bench meet
			// what a phone meets. Warming after ready raced the first journey for the two
			// cores and made its wave 0.25 s late. ./run.sh does not warm (DevStackMain).
			env.put("BOWWOW_WARMUP_BEFORE_READY", "true");
			env.put("DATABASE_URL", servers.jdbcUrl());
			env.put("DATABASE_USERNAME", servers.databaseUser());
			env.put("DATABASE_PASSWORD", servers.databasePassword());
			env.put("REDIS_HOST", servers.redisHost());
			env.put("REDIS_PORT", Integer.toString(servers.redisPort()));
			env.put("REDIS_PASSWORD", servers.redisPassword());
			env.put("SPRING_DATA_REDIS_DATABASE", Integer.toString(servers.redisDatabase()));
			env.put("SERVER_PORT", Integer.toString(service.port()));
			env.put("MANAGEMENT_SERVER_PORT", Integer.toString(service.managementPort()));
			for (ServiceSpec other : this.services) {
				env.put(other.urlVariable(), other.url());
				env.put(other.metricsUrlVariable(), other.metricsUrl());
			}
			env.putAll(tokenKeys);
			env.putAll(serviceKeys.get(service.name()));
			env.put("OPERATOR_TOKEN", this.operatorToken);
			env.putAll(extraEnvironment);
			environments.put(service.name(), env);
		}
		// A 512 MiB machine as far as the JVM's ergonomics can tell: the container
		// budget.
		List<String> flags = new ArrayList<>();
		flags.add("-XX:MaxRAM=512m");
		flags.addAll(jvmFlags);
		if (withStartupCache) {
			Map<String, Path> jars = new LinkedHashMap<>();
			order.forEach((service) -> jars.put(service.name(), service.jar(repositoryRoot)));
			new StartupCache(java, this.progress).prepare(jars, flags, environments);
		}
		for (ServiceSpec service : order) {
			List<String> command = new ArrayList<>();
			command.add(java);
			command.addAll(flags);
			command.addAll(serviceJvmFlags(service.name()));
			command.add(jvmLogFlag(logs));
			command.add(MARKER);
			command.addAll(
					withStartupCache ? StartupCache.launchArguments(service.name(), service.jar(repositoryRoot), flags)
							: List.of("-jar", service.jar(repositoryRoot).toString()));
			Launch launch = new Launch(service.name(), service, command, environments.get(service.name()));
			this.launches.put(launch.instance(), launch);
			this.running.add(spawn(launch, false));
		}
		recordPids();
		this.progress.accept("Started " + this.running.size() + " services; logs in " + logs);
	}

	/**
	 * Starts one instance's process; a restarted instance appends to its log, so the log
	 * tells the whole story.
	 */
	private Running spawn(Launch launch, boolean appendToLog) {
		java.io.File log = this.runDirectory.resolve("logs").resolve(launch.instance() + ".log").toFile();
		ProcessBuilder builder = new ProcessBuilder(launch.command()).redirectErrorStream(true)
			.redirectOutput(appendToLog ? ProcessBuilder.Redirect.appendTo(log) : ProcessBuilder.Redirect.to(log));
		builder.environment().putAll(launch.environment());
		try {
			return new Running(launch.instance(), launch.spec(), builder.start(), Instant.now());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + launch.instance(), ex);
		}
	}

	// ---- Process control for fault tests

	/** The PostgreSQL and Redis the services of this run use. */
	public Infrastructure infrastructure() {
		return this.servers;
	}

	/**
	 * {@code kill -9} of a service instance (a service name, or a name returned by
	 * {@link #startInstance}): no shutdown hook, no draining, as a crash or an OOM kill.
	 * Returns once the process is gone.
	 */
	public void kill(String instance) {
		Running victim = runningInstance(instance);
		this.progress.accept("kill -9 " + instance + " (pid " + victim.process().pid() + ")");
		try {
			victim.process().destroyForcibly().waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while killing " + instance);
		}
		synchronized (this.running) {
			this.running.remove(victim);
		}
	}

	/** Stops a service instance gracefully (SIGTERM), as a deployment would. */
	public void stop(String instance) {
		Running service = runningInstance(instance);
		this.progress.accept("Stopping " + instance);
		service.process().destroy();
		try {
			if (!service.process().waitFor(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
				this.progress.accept("  " + instance + " did not stop in time; killing it");
				service.process().destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping " + instance);
		}
		synchronized (this.running) {
			this.running.remove(service);
		}
	}

	/**
	 * Starts a stopped or killed instance again with the environment it had, and waits
	 * until it is healthy.
	 */
	public void restart(String instance) {
		Launch launch = Optional.ofNullable(this.launches.get(instance))
			.orElseThrow(() -> new IllegalArgumentException("No instance " + instance + " in this run"));
		if (this.running.stream().anyMatch((r) -> r.instance().equals(instance))) {
			throw new IllegalStateException(instance + " is still running");
		}
		Running started = spawn(launch, true);
		synchronized (this.running) {
			this.running.add(started);
		}
		recordPids();
		awaitHealthy(List.of(started));
	}

	/**
	 * Starts one more instance of a service on its ports shifted by {@code portShift}
	 * (the other services keep calling the first instance; both share the database and
	 * Redis), waits until it is healthy, and returns its instance name for {@link #kill},
	 * {@link #stop} and {@link #restart}.
	 */
	public String startInstance(String service, int portShift) {
		return startInstance(service, portShift, Map.of());
	}

	/**
	 * As {@link #startInstance(String, int)}, with some of the first instance's
	 * environment replaced (a setting one scenario needs on its own instance).
	 */
	public String startInstance(String service, int portShift, Map<String, String> environment) {
		String instance = launchInstance(service, portShift, environment);
		awaitHealthy(instance);
		return instance;
	}

	/**
	 * As {@link #startInstance(String, int, Map)}, without waiting: the instance may
	 * still be starting (or warming) when this returns ({@link #awaitHealthy(String)}).
	 */
	public String launchInstance(String service, int portShift, Map<String, String> environment) {
		Launch first = Optional.ofNullable(this.launches.get(service))
			.orElseThrow(() -> new IllegalArgumentException("No service " + service + " in this run"));
		ServiceSpec spec = first.spec().offsetBy(portShift);
		requireFreePort(spec.port(), service + " (second instance)");
		requireFreePort(spec.managementPort(), service + " management (second instance)");
		spec.streamPort().ifPresent((port) -> requireFreePort(port, service + " stream (second instance)"));
		Map<String, String> env = new LinkedHashMap<>(first.environment());
		env.put("SERVER_PORT", Integer.toString(spec.port()));
		env.put("MANAGEMENT_SERVER_PORT", Integer.toString(spec.managementPort()));
		env.putAll(environment);
		Launch launch = new Launch(service + "@" + spec.port(), spec, first.command(), env);
		this.launches.put(launch.instance(), launch);
		Running started = spawn(launch, false);
		synchronized (this.running) {
			this.running.add(started);
		}
		recordPids();
		return launch.instance();
	}

	/** Waits until a running instance answers {@code /health} with 200. */
	public void awaitHealthy(String instance) {
		awaitHealthy(List.of(runningInstance(instance)));
	}

	/** Base URL of a service instance (its public port). */
	public URI url(String instance) {
		return URI.create(Optional.ofNullable(this.launches.get(instance))
			.orElseThrow(() -> new IllegalArgumentException("No instance " + instance + " in this run"))
			.spec()
			.url());
	}

	/** Whether a service instance answers {@code /health} with 200 right now. */
	public boolean isHealthy(String instance) {
		Launch launch = Optional.ofNullable(this.launches.get(instance))
			.orElseThrow(() -> new IllegalArgumentException("No instance " + instance + " in this run"));
		return isHealthy(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), launch.spec());
	}

	/** Kills the embedded Redis outright; its data is gone (nothing is persisted). */
	public void stopRedis() {
		embedded().stopRedis();
		this.progress.accept("Embedded Redis stopped");
	}

	/** Starts the embedded Redis again on the same port, empty. */
	public void startRedis() {
		embedded().startRedis();
		recordPids();
		this.progress.accept("Embedded Redis started");
	}

	/** {@code FLUSHALL} on the embedded Redis: every key and stream is gone. */
	public void flushRedis() {
		embedded().flushRedis();
		this.progress.accept("Embedded Redis flushed (FLUSHALL)");
	}

	/**
	 * Stops the embedded PostgreSQL as a crash would ({@code pg_ctl stop -m immediate}:
	 * no checkpoint, every connection cut; the next start recovers from the WAL).
	 */
	public void stopPostgres() {
		embedded().stopPostgres();
		this.progress.accept("Embedded PostgreSQL stopped (immediate)");
	}

	/** Starts the embedded PostgreSQL again on the same port and data. */
	public void startPostgres() {
		embedded().startPostgres();
		recordPids();
		this.progress.accept("Embedded PostgreSQL started");
	}

	private EmbeddedServers embedded() {
		if (this.embedded == null) {
			throw new IllegalStateException("This stack uses external PostgreSQL and Redis; only embedded ones "
					+ "can be stopped (start it with Optional.empty() infrastructure)");
		}
		return this.embedded;
	}

	private Running runningInstance(String instance) {
		synchronized (this.running) {
			return this.running.stream()
				.filter((r) -> r.instance().equals(instance))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException(instance + " is not running"));
		}
	}

	/**
	 * A new access-token key pair per run ({@code JWT_SIGNING_KEY} for user-service,
	 * {@code JWT_VERIFICATION_KEYS} for all), so that no run accepts another run's tokens
	 * or the committed development key.
	 */
	/**
	 * The private JWK a service of this run signs its service tokens with: tests present
	 * one service's token where another's is required.
	 */
	public String serviceSigningKey(String service) {
		return Optional.ofNullable(this.serviceSigningKeys.get(service))
			.orElseThrow(() -> new IllegalArgumentException("No service " + service + " in this run"));
	}

	/** The operator credential the services of this run accept. */
	public String operatorToken() {
		return this.operatorToken;
	}

	static String freshOperatorToken() {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		return "op-" + HexFormat.of().formatHex(random);
	}

	static Map<String, String> freshTokenKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair pair = generator.generateKeyPair();
			ECPoint point = ((ECPublicKey) pair.getPublic()).getW();
			String kid = "devstack-" + Long.toHexString(System.nanoTime());
			String publicMembers = "\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"" + kid
					+ "\",\"x\":\"" + base64Url(point.getAffineX()) + "\",\"y\":\"" + base64Url(point.getAffineY())
					+ "\"";
			String privateJwk = "{" + publicMembers + ",\"d\":\"" + base64Url(((ECPrivateKey) pair.getPrivate()).getS())
					+ "\"}";
			return Map.of("JWT_SIGNING_KEY", privateJwk, "JWT_VERIFICATION_KEYS",
					"{\"keys\":[{" + publicMembers + "}]}");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate the run's token keys", ex);
		}
	}

	/**
	 * A new service-token key pair per service and run: {@code SERVICE_SIGNING_KEY} (its
	 * own private JWK, key ID {@code <service>:devstack-…}) and
	 * {@code SERVICE_VERIFICATION_KEYS} (every service's public key), so that the run
	 * never relies on the committed development service keys.
	 */
	static Map<String, Map<String, String>> freshServiceKeys(List<String> services) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			String label = "devstack-" + Long.toHexString(System.nanoTime());
			Map<String, String> privateKeys = new java.util.LinkedHashMap<>();
			List<String> publicKeys = new ArrayList<>();
			for (String service : services) {
				KeyPair pair = generator.generateKeyPair();
				ECPoint point = ((ECPublicKey) pair.getPublic()).getW();
				String publicMembers = "\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\""
						+ service + ":" + label + "\",\"x\":\"" + base64Url(point.getAffineX()) + "\",\"y\":\""
						+ base64Url(point.getAffineY()) + "\"";
				publicKeys.add("{" + publicMembers + "}");
				privateKeys.put(service, "{" + publicMembers + ",\"d\":\""
						+ base64Url(((ECPrivateKey) pair.getPrivate()).getS()) + "\"}");
			}
			String verification = "{\"keys\":[" + String.join(",", publicKeys) + "]}";
			Map<String, Map<String, String>> keys = new java.util.LinkedHashMap<>();
			privateKeys.forEach((service, key) -> keys.put(service,
					Map.of("SERVICE_SIGNING_KEY", key, "SERVICE_VERIFICATION_KEYS", verification)));
			return keys;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate the run's service keys", ex);
		}
	}

	/** A P-256 coordinate as JWK wants it: 32 big-endian bytes, base64url, no padding. */
	private static String base64Url(BigInteger value) {
		byte[] raw = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(raw.length, 32);
		System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
	}

	private void awaitHealthy() {
		awaitHealthy(List.copyOf(this.running));
	}

	private void awaitHealthy(List<Running> starting) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		List<Running> waiting = new ArrayList<>(starting);
		while (!waiting.isEmpty()) {
			for (Running service : List.copyOf(waiting)) {
				if (!service.process().isAlive()) {
					throw new IllegalStateException(service.instance() + " exited with code "
							+ service.process().exitValue() + " during start-up:\n" + tail(service.instance()));
				}
				if (isHealthy(http, service.spec())) {
					waiting.remove(service);
					long seconds = Duration.between(service.startedAt(), Instant.now()).toMillis() / 100;
					this.progress.accept(String.format("  %-18s up on :%d after %.1f s (%d of %d)", service.instance(),
							service.spec().port(), seconds / 10.0, starting.size() - waiting.size(), starting.size()));
				}
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Not healthy after " + START_TIMEOUT.toSeconds() + " s: "
						+ waiting.stream().map(Running::instance).toList());
			}
			pause(Duration.ofMillis(250));
		}
		// Something else may have answered on a port our service then failed to bind.
		for (Running service : starting) {
			if (!service.process().isAlive()) {
				throw new IllegalStateException(
						service.instance() + " exited during start-up:\n" + tail(service.instance()));
			}
		}
	}

	/**
	 * Blocks until a service exits. Returns its name when it died on its own, or empty
	 * when the stack is being stopped.
	 */
	public Optional<String> awaitUnexpectedExit() {
		List<Running> watched = List.copyOf(this.running);
		java.util.concurrent.CompletableFuture
			.anyOf(watched.stream()
				.map((r) -> r.process().onExit())
				.toArray(java.util.concurrent.CompletableFuture[]::new))
			.join();
		if (this.closing) {
			return Optional.empty();
		}
		return watched.stream().filter((r) -> !r.process().isAlive()).map(Running::instance).findFirst();
	}

	/**
	 * Process IDs of the running services, by service name (further instances by their
	 * instance name).
	 */
	public Map<String, Long> pids() {
		Map<String, Long> pids = new LinkedHashMap<>();
		synchronized (this.running) {
			this.running.forEach((r) -> pids.put(r.instance(), r.process().pid()));
		}
		return pids;
	}

	/** Base URL of the gateway, the only entry clients use. */
	public URI gateway() {
		return URI
			.create(this.services.stream().filter((s) -> s.name().equals("gateway")).findFirst().orElseThrow().url());
	}

	public Path logFile(String service) {
		return this.runDirectory.resolve("logs").resolve(service + ".log");
	}

	/**
	 * The JVM's own log of a service process ({@link #pids()}): every collection and
	 * every safepoint with its wall-clock time, so that a late delivery can be told apart
	 * from a pause of the process that made it.
	 */
	public Path jvmLog(long pid) {
		return this.runDirectory.resolve("logs").resolve("jvm-" + pid + ".log");
	}

	/**
	 * One file per process ({@code %p}, so a restarted or second instance keeps its own):
	 * collections, safepoints and what triggered a code-cache collection, with wall-clock
	 * and uptime stamps.
	 */
	static String jvmLogFlag(Path logs) {
		return "-Xlog:gc,safepoint,codecache:file=" + logs.resolve("jvm-%p.log") + ":time,uptime,tags";
	}

	/**
	 * Stops every service gracefully (SIGTERM, then a deadline), then the embedded
	 * servers.
	 */
	@Override
	public void close() {
		this.closing = true;
		List<Running> reversed;
		synchronized (this.running) {
			reversed = new ArrayList<>(this.running);
		}
		java.util.Collections.reverse(reversed);
		reversed.forEach((r) -> r.process().destroy());
		for (Running service : reversed) {
			try {
				if (!service.process().waitFor(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
					this.progress.accept("  " + service.instance() + " did not stop in time; killing it");
					service.process().destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				service.process().destroyForcibly();
			}
		}
		this.running.clear();
		try {
			Files.deleteIfExists(this.runDirectory.resolve("pids"));
			Files.deleteIfExists(this.runDirectory.resolve(OWNER));
		}
		catch (IOException ex) {
			// Harmless: the next start only stops processes that are still ours.
		}
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

	/**
	 * Records every process this launcher started (services and embedded servers alike)
	 * with its start time, so the next run can stop exactly these if this one is killed
	 * outright.
	 */
	private synchronized void recordPids() {
		StringBuilder lines = new StringBuilder();
		List<ProcessHandle> processes = new ArrayList<>(ProcessHandle.current().children().toList());
		if (this.embedded != null) {
			this.embedded.postgresProcess().ifPresent(processes::add);
		}
		processes.forEach((child) -> {
			String name = List.copyOf(this.running)
				.stream()
				.filter((r) -> r.process().pid() == child.pid())
				.map(Running::instance)
				.findFirst()
				.orElse(child.info().command().map((c) -> Path.of(c).getFileName().toString()).orElse("process"));
			long started = child.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
			lines.append(child.pid()).append(' ').append(started).append(' ').append(name).append('\n');
		});
		try {
			Files.writeString(this.runDirectory.resolve("pids"), lines, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One launcher per run directory: a second one (another terminal, a second test run
	 * on the same port offset) would otherwise stop the first one's services as "left
	 * over". A launcher that was killed leaves its claim behind, which a live process no
	 * longer backs: that one is taken over.
	 */
	static void claimRunDirectory(Path runDirectory) {
		Path owner = runDirectory.resolve(OWNER);
		ProcessHandle self = ProcessHandle.current();
		try {
			Files.createDirectories(runDirectory);
			if (Files.isRegularFile(owner)) {
				String[] parts = Files.readString(owner, StandardCharsets.UTF_8).trim().split(" ");
				if (parts.length == 2) {
					long pid = Long.parseLong(parts[0]);
					long started = Long.parseLong(parts[1]);
					boolean alive = ProcessHandle.of(pid)
						.filter(ProcessHandle::isAlive)
						.filter((handle) -> startMillis(handle) == started)
						.isPresent();
					if (alive && pid != self.pid()) {
						throw new IllegalStateException("Another stack runs from " + runDirectory + " (launcher pid "
								+ pid + "): stop it first, or start this one with another port offset");
					}
				}
			}
			Files.writeString(owner, self.pid() + " " + startMillis(self) + "\n", StandardCharsets.UTF_8);
		}
		catch (IOException | NumberFormatException ex) {
			throw new IllegalStateException("Cannot claim " + runDirectory + ": " + ex.getMessage(), ex);
		}
	}

	private static long startMillis(ProcessHandle handle) {
		return handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
	}

	private static void stopLeftovers(Path runDirectory, Consumer<String> progress) {
		Path pids = runDirectory.resolve("pids");
		if (!Files.isRegularFile(pids)) {
			return;
		}
		try {
			List<ProcessHandle> leftovers = new ArrayList<>();
			for (String line : Files.readAllLines(pids)) {
				String[] parts = line.trim().split(" ", 3);
				if (parts.length < 3) {
					continue;
				}
				long started = Long.parseLong(parts[1]);
				// The start time guards against a recycled pid now belonging to someone
				// else.
				ProcessHandle.of(Long.parseLong(parts[0]))
					.filter(ProcessHandle::isAlive)
					.filter((handle) -> handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == started)
					.ifPresent((handle) -> {
						progress
							.accept("Stopping " + parts[2] + " left over from an earlier run (pid " + parts[0] + ")");
						handle.destroy();
						leftovers.add(handle);
					});
			}
			for (ProcessHandle handle : leftovers) {
				try {
					handle.onExit().get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					handle.destroyForcibly();
				}
			}
			Files.delete(pids);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void requireFreePort(int port, String owner) {
		try (ServerSocket socket = new ServerSocket(port)) {
			socket.setReuseAddress(true);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Port " + port + " (" + owner + ") is already in use by another program; stop it and run again");
		}
	}

	private static boolean isHealthy(HttpClient http, ServiceSpec service) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/health"))
				.timeout(Duration.ofSeconds(3))
				.build();
			return http.send(request, BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + service.name());
		}
	}

	private String tail(String instance) {
		try {
			List<String> lines = Files.readAllLines(logFile(instance));
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	static List<String> jvmFlags() {
		return flags(properties().getProperty("jvm.flags", ""));
	}

	/** What one service adds to {@link #jvmFlags()}, as its image does. */
	static List<String> serviceJvmFlags(String service) {
		Properties properties = properties();
		return flags(properties.getProperty("jvm.service.flags." + service,
				properties.getProperty("jvm.service.flags", "")));
	}

	private static Properties properties() {
		Properties properties = new Properties();
		try (InputStream in = DevStack.class.getResourceAsStream("/devstack.properties")) {
			properties.load(in);
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("devstack.properties is missing from the devstack jar", ex);
		}
		return properties;
	}

	private static List<String> flags(String line) {
		return Arrays.stream(line.trim().split("\\s+")).filter((flag) -> !flag.isEmpty()).toList();
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted");
		}
	}

	private record Running(String instance, ServiceSpec spec, Process process, Instant startedAt) {
	}

	/** How an instance is started, kept so that it can be started again. */
	private record Launch(String instance, ServiceSpec spec, List<String> command, Map<String, String> environment) {
	}

}
