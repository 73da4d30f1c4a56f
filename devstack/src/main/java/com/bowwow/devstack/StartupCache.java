package com.bowwow.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The JDK's AOT cache (JEP 483/514/515) for each service: classes already read, linked
 * and profiled, so that a start spends its CPU on our work instead of loading the same
 * 20,000 classes again. The cache only holds classes from plain jars on the class path,
 * so each service's jar is first extracted ({@code -Djarmode=tools extract}) beside it in
 * {@code target/startup-cache/}; a training start ({@code spring.context.exit=onRefresh}:
 * the context is built, nothing is started or served) against the same PostgreSQL and
 * Redis records the cache. Both happen once per build of the jar (its content hash keys
 * the cache) and are not part of the start-up figure the launcher prints. A cache that
 * cannot be made only costs speed: the service starts without it.
 */
final class StartupCache {

	static final String CACHE_FILE = "app.aot";

	static final String CONFIGURATION_FILE = "app.aotconf";

	private static final Duration TRAINING_LIMIT = Duration.ofMinutes(10);

	/** Part of the key: a change to how caches are recorded makes the old ones stale. */
	private static final String TRAINING_VERSION = "3";

	private final String java;

	private final Consumer<String> progress;

	StartupCache(String java, Consumer<String> progress) {
		this.java = java;
		this.progress = progress;
	}

	/** Where a service's extracted jar and its cache live. */
	static Path directory(Path jar) {
		return jar.toAbsolutePath().normalize().getParent().resolve("startup-cache");
	}

	/**
	 * Makes sure every service has an extracted jar and a cache, recording those that
	 * lack one in parallel: a training start of each ({@code -XX:AOTMode=record}), then
	 * the cache made from what it recorded ({@code -XX:AOTMode=create}). Two explicit
	 * steps rather than {@code -XX:AOTCacheOutput}, whose JVM leaves the cache to a child
	 * process that outlives it: a service started meanwhile read half a cache.
	 * @param jars each service's packaged jar
	 * @param jvmFlags the flags the services run with (a cache is only valid for them)
	 * @param environments each service's environment, as it will run
	 */
	void prepare(Map<String, Path> jars, List<String> jvmFlags, Map<String, Map<String, String>> environments) {
		long started = System.nanoTime();
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, Path> entry : jars.entrySet()) {
			try {
				if (!isNonEmptyFile(extracted(entry.getKey(), entry.getValue(), jvmFlags).resolve(CACHE_FILE))) {
					missing.add(entry.getKey());
				}
			}
			catch (IOException | RuntimeException ex) {
				this.progress.accept("No start-up cache for " + entry.getKey() + " (" + ex.getMessage() + ")");
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		this.progress.accept("Recording start-up caches for " + String.join(", ", missing)
				+ " (once per build; logs in <service>/target/startup-cache/training.log)");
		long deadline = System.nanoTime() + TRAINING_LIMIT.toNanos();
		// The training starts build the context against the same servers, then exit
		// before serving anything.
		Map<String, Process> recording = run(missing, jars, environments, deadline, jvmFlags, List
			.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + CONFIGURATION_FILE, "-Dspring.context.exit=onRefresh"));
		List<String> recorded = recording.keySet()
			.stream()
			.filter((service) -> isNonEmptyFile(directory(jars.get(service)).resolve(CONFIGURATION_FILE)))
			.toList();
		run(recorded, jars, environments, deadline, jvmFlags, List.of("-XX:AOTMode=create",
				"-XX:AOTConfiguration=" + CONFIGURATION_FILE, "-XX:AOTCache=" + CACHE_FILE));
		for (String service : missing) {
			if (!isNonEmptyFile(directory(jars.get(service)).resolve(CACHE_FILE))) {
				this.progress.accept("No start-up cache for " + service + ": see its training.log");
			}
		}
		this.progress.accept(String.format("Start-up caches recorded in %.1f s", (System.nanoTime() - started) / 1e9));
	}

	/**
	 * Runs one step for each service at once and waits for all of them; a step still
	 * running at the deadline is stopped and its output removed.
	 */
	private Map<String, Process> run(List<String> services, Map<String, Path> jars,
			Map<String, Map<String, String>> environments, long deadline, List<String> jvmFlags, List<String> mode) {
		Map<String, Process> running = new LinkedHashMap<>();
		for (String service : services) {
			Path dir = directory(jars.get(service));
			List<String> command = new ArrayList<>();
			command.add(this.java);
			command.addAll(jvmFlags);
			command.addAll(mode);
			command.add(DevStack.MARKER);
			command.add("-jar");
			// The same spelling as at launch: the cache records its class path and is
			// refused when a later start names it differently.
			command.add(dir.resolve(service + ".jar").toString());
			ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("training.log").toFile()));
			builder.environment().putAll(environments.get(service));
			try {
				running.put(service, builder.start());
			}
			catch (IOException ex) {
				this.progress.accept("No start-up cache for " + service + " (" + ex.getMessage() + ")");
			}
		}
		running.forEach((service, process) -> {
			try {
				if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly().waitFor();
					Path dir = directory(jars.get(service));
					Files.deleteIfExists(dir.resolve(CONFIGURATION_FILE));
					Files.deleteIfExists(dir.resolve(CACHE_FILE));
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
			catch (IOException ex) {
				this.progress.accept("No start-up cache for " + service + " (" + ex.getMessage() + ")");
			}
		});
		return running;
	}

	/**
	 * How to start a service: from its extracted jar with its cache when there is one for
	 * this build and these flags, else from the packaged jar.
	 */
	static List<String> launchArguments(String service, Path jar, List<String> jvmFlags) {
		Path dir = directory(jar);
		Path cache = dir.resolve(CACHE_FILE);
		Path app = dir.resolve(service + ".jar");
		if (isNonEmptyFile(cache) && Files.isRegularFile(app) && current(dir, jar, jvmFlags)) {
			return List.of("-XX:AOTCache=" + cache, "-jar", app.toString());
		}
		return List.of("-jar", jar.toString());
	}

	private static boolean isNonEmptyFile(Path path) {
		try {
			return Files.isRegularFile(path) && Files.size(path) > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Path extracted(String service, Path jar, List<String> jvmFlags) throws IOException {
		Path dir = directory(jar);
		if (current(dir, jar, jvmFlags)) {
			return dir;
		}
		deleteRecursively(dir);
		Files.createDirectories(dir.getParent());
		Process extract = new ProcessBuilder(this.java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
				extract.destroyForcibly();
				throw new IOException("extracting " + jar + " failed");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
		Files.writeString(dir.resolve("stamp"), stamp(jar, jvmFlags));
		return dir;
	}

	/**
	 * Whether the extracted copy (and so its cache) belongs to this build of the jar and
	 * these flags.
	 */
	private static boolean current(Path dir, Path jar, List<String> jvmFlags) {
		try {
			Path stamp = dir.resolve("stamp");
			return Files.isRegularFile(stamp) && Files.readString(stamp).equals(stamp(jar, jvmFlags));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The jar's content hash and the JVM flags: the build is reproducible, so a rebuild
	 * without changes (every ./run.sh packages) keeps its cache, while other flags (a
	 * collector, a heap size) make a new one; a JVM that does not match its cache runs
	 * without it, silently as slow as without one. What Spring AOT generates is left out:
	 * its proxy classes list methods in the order reflection gave them, which differs
	 * from one build to the next, so the same sources never give the same bytes twice.
	 * Those entries are a function of the rest, so the rest decides; when it matches, the
	 * service keeps running the extracted copy its cache was recorded with.
	 */
	static String stamp(Path jar, List<String> jvmFlags) throws IOException {
		try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (generatedBySpringAot(entry.getName())) {
					continue;
				}
				digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					digest.update(buffer, 0, read);
				}
			}
			return HexFormat.of().formatHex(digest.digest()) + " " + TRAINING_VERSION + " "
					+ String.join(" ", jvmFlags);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Spring AOT's output: {@code Foo__BeanDefinitions} and the other {@code __} classes,
	 * CGLIB proxies generated ahead of time, and the reachability hints. Only classes are
	 * matched by name: Flyway's migrations ({@code V1__positions.sql}) have {@code __}
	 * too, and a changed migration must make a new copy.
	 */
	static boolean generatedBySpringAot(String entryName) {
		String name = entryName.substring(entryName.lastIndexOf('/') + 1);
		return (name.endsWith(".class") && (name.contains("__") || name.contains("$$SpringCGLIB$$")))
				|| entryName.contains("META-INF/native-image/");
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
