package com.bowwow.devstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run.sh}: the whole stack in one command. Embedded PostgreSQL and Redis unless
 * {@code DATABASE_URL} / {@code REDIS_URL} name real ones; Ctrl-C stops everything.
 */
public final class DevStackMain {

	private DevStackMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path root = Path.of(System.getProperty("bowwow.root", ".")).toAbsolutePath().normalize();
		Optional<Infrastructure> infrastructure = fromEnvironment(System.getenv());
		log(infrastructure.isPresent()
				? "Using PostgreSQL " + infrastructure.get().jdbcUrl() + " and Redis "
						+ infrastructure.get().redisHost() + ":" + infrastructure.get().redisPort()
				: "No DATABASE_URL/REDIS_URL given: using embedded PostgreSQL and Redis");
		DevStack stack;
		try {
			stack = DevStack.start(root, infrastructure, Map.of(), 0, DevStackMain::log);
		}
		catch (RuntimeException ex) {
			log("Start-up failed: " + ex.getMessage());
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log("Stopping BowWow: the services first, then the databases…");
			long stopping = System.nanoTime();
			stack.close();
			log(String.format("Stopped in %.1f s.", (System.nanoTime() - stopping) / 1e9));
			stopped.countDown();
		}, "devstack-stop"));
		log("BowWow is running. Gateway: " + stack.gateway() + "  (try: curl " + stack.gateway() + "/health)");
		log("Operator token (analytics, dashboard at " + stack.gateway() + "/api/v1/analytics/dashboard): "
				+ stack.operatorToken());
		log("Logs: " + root.relativize(stack.logFile("gateway").getParent()) + "/<service>.log   Ctrl-C to stop.");
		Optional<String> died = stack.awaitUnexpectedExit();
		if (died.isPresent()) {
			log(died.get() + " stopped unexpectedly; see " + stack.logFile(died.get()));
			System.exit(1);
		}
		stopped.await();
	}

	/**
	 * Returns when a service dies on its own, after saying which; Ctrl-C ends the JVM
	 * instead.
	 */
	private static void watch(DevStack stack) {
		Map<String, Long> pids = stack.pids();
		ProcessHandle[] handles = pids.values()
			.stream()
			.map(ProcessHandle::of)
			.flatMap(Optional::stream)
			.toArray(ProcessHandle[]::new);
		java.util.concurrent.CompletableFuture
			.anyOf(java.util.Arrays.stream(handles)
				.map(ProcessHandle::onExit)
				.toArray(java.util.concurrent.CompletableFuture[]::new))
			.join();
		pids.forEach((name, pid) -> {
			if (ProcessHandle.of(pid).map((h) -> !h.isAlive()).orElse(true)) {
				log(name + " stopped unexpectedly; see " + stack.logFile(name));
			}
		});
		System.exit(1);
	}

	static Optional<Infrastructure> fromEnvironment(Map<String, String> env) {
		String database = env.get("DATABASE_URL");
		String redis = env.get("REDIS_URL");
		if (database == null && redis == null) {
			return Optional.empty();
		}
		if (database == null || redis == null) {
			throw new IllegalArgumentException("Set both DATABASE_URL and REDIS_URL, or neither for embedded servers");
		}
		String jdbcUrl = database.startsWith("jdbc:") ? database
				: "jdbc:" + database.replaceFirst("^postgres://", "postgresql://");
		URI redisUri = URI.create(redis);
		String redisPassword = Optional.ofNullable(redisUri.getUserInfo())
			.map((info) -> info.contains(":") ? info.substring(info.indexOf(':') + 1) : info)
			.orElse(env.getOrDefault("REDIS_PASSWORD", ""));
		String path = Optional.ofNullable(redisUri.getPath()).orElse("").replace("/", "");
		int redisDatabase = path.isEmpty() ? 0 : Integer.parseInt(path);
		return Optional.of(new Infrastructure(jdbcUrl, env.getOrDefault("DATABASE_USERNAME", "postgres"),
				env.getOrDefault("DATABASE_PASSWORD", ""), redisUri.getHost(),
				(redisUri.getPort() > 0) ? redisUri.getPort() : 6379, redisPassword, redisDatabase));
	}

	private static void log(String message) {
		System.out
			.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_TIME)
					+ "] " + message);
	}

}
