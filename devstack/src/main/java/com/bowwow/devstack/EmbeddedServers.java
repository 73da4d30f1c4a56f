package com.bowwow.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL and Redis started from Maven artifacts, for a machine with neither Docker
 * nor servers of its own. Data lives under the run directory and is wiped at the next
 * start.
 */
final class EmbeddedServers implements AutoCloseable {

	private final EmbeddedPostgres postgres;

	private final Process redis;

	private final int redisPort;

	private final Path dataDirectory;

	private EmbeddedServers(EmbeddedPostgres postgres, Process redis, int redisPort, Path dataDirectory) {
		this.postgres = postgres;
		this.redis = redis;
		this.redisPort = redisPort;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * The postmaster daemonises, so it is not a child of this JVM; its pid is the first
	 * line of {@code postmaster.pid}.
	 */
	Optional<ProcessHandle> postgresProcess() {
		try {
			String first = Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim();
			return ProcessHandle.of(Long.parseLong(first));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	static EmbeddedServers start(Path runDirectory) {
		try {
			Path dataDirectory = runDirectory.resolve("postgres");
			// A killed run leaves its data behind, and initdb refuses a directory that is
			// not
			// empty; the processes that used it were stopped before we got here.
			deleteRecursively(dataDirectory);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(true)
				// The launcher stops PostgreSQL itself, after the services: the library's
				// own shutdown hook would run at the same time as the launcher's and take
				// the database away from services that are still draining.
				.setRegisterShutdownHook(false)
				.setPort(freePort())
				.start();
			try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE bowwow");
			}
			int redisPort = freePort();
			Files.createDirectories(runDirectory.resolve("logs"));
			Process redis = EmbeddedRedis.startProcess(redisPort, runDirectory.resolve("logs").resolve("redis.log"));
			return new EmbeddedServers(postgres, redis, redisPort, dataDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL/Redis", ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the bowwow database", ex);
		}
	}

	Infrastructure infrastructure() {
		return new Infrastructure(this.postgres.getJdbcUrl("postgres", "bowwow"), "postgres", "", "localhost",
				this.redisPort, "", 0);
	}

	@Override
	public void close() {
		this.redis.destroy();
		try {
			if (!this.redis.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.redis.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.redis.destroyForcibly();
		}
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (var paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
