package com.bowwow.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL and Redis started from Maven artifacts, for a machine with neither Docker
 * nor servers of its own. Data lives under the run directory and is wiped at the next
 * start.
 */
final class EmbeddedServers implements AutoCloseable {

	private final Path runDirectory;

	private final Path dataDirectory;

	private final int postgresPort;

	private final int redisPort;

	private volatile EmbeddedPostgres postgres;

	private volatile Process redis;

	private EmbeddedServers(Path runDirectory, int postgresPort, int redisPort) {
		this.runDirectory = runDirectory;
		this.dataDirectory = runDirectory.resolve("postgres");
		this.postgresPort = postgresPort;
		this.redisPort = redisPort;
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
		EmbeddedServers servers = unstarted(runDirectory);
		servers.startPostgres();
		servers.startRedis();
		return servers;
	}

	/**
	 * Both servers with their ports chosen but not running yet, so that services can be
	 * pointed at them before they come up.
	 */
	static EmbeddedServers unstarted(Path runDirectory) {
		try {
			// A killed run leaves its data behind, and initdb refuses a directory that is
			// not empty; the processes that used it were stopped before we got here.
			deleteRecursively(runDirectory.resolve("postgres"));
			Files.createDirectories(runDirectory.resolve("logs"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + runDirectory, ex);
		}
		return new EmbeddedServers(runDirectory, freePort(), freePort());
	}

	/**
	 * The first start creates the cluster and the {@code bowwow} database; a later one
	 * (after {@link #stopPostgres}) starts the same cluster again with the options it
	 * had.
	 */
	synchronized void startPostgres() {
		if (this.postgres != null) {
			restartPostgres();
			return;
		}
		try {
			this.postgres = EmbeddedPostgres.builder()
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(true)
				// The launcher stops PostgreSQL itself, after the services: the library's
				// own shutdown hook would run at the same time as the launcher's and take
				// the database away from services that are still draining.
				.setRegisterShutdownHook(false)
				.setPort(this.postgresPort)
				// zonky turns synchronous_commit off for speed; every server we deploy to
				// keeps PostgreSQL's default (on), and the services rely on it: a commit
				// they answered for must survive a crash (the fault suite crashes it).
				.setServerConfig("synchronous_commit", "on")
				.start();
			try (Connection connection = DriverManager.getConnection(this.postgres.getJdbcUrl("postgres", "postgres"));
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE bowwow");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the bowwow database", ex);
		}
	}

	/**
	 * {@code pg_ctl stop -m immediate}: every backend ends at once without a checkpoint,
	 * as in a crash; the next start replays the WAL.
	 */
	synchronized void stopPostgres() {
		pgCtl("-D", this.dataDirectory.toString(), "-m", "immediate", "-w", "-t", "60", "stop");
	}

	private void restartPostgres() {
		// postmaster.opts holds the command line of the last start: the binary, then its
		// options (quoted for a shell, which is how pg_ctl passes -o on).
		String options = postmasterOptions()[1];
		pgCtl("-D", this.dataDirectory.toString(), "-w", "-t", "120", "-l",
				this.runDirectory.resolve("logs").resolve("postgres-restarted.log").toString(), "-o", options, "start");
	}

	private String[] postmasterOptions() {
		try {
			String line = Files.readString(this.dataDirectory.resolve("postmaster.opts")).trim();
			int space = line.indexOf(' ');
			return (space < 0) ? new String[] { line, "" }
					: new String[] { line.substring(0, space), line.substring(space + 1) };
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL has not run from " + this.dataDirectory, ex);
		}
	}

	private void pgCtl(String... arguments) {
		Path pgCtl = Path.of(postmasterOptions()[0]).resolveSibling("pg_ctl");
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			// pg_ctl refuses root; zonky runs it in a user namespace of its own, and so
			// must we (the server it started is that namespace's).
			command.addAll(List.of("unshare", "-U"));
		}
		command.add(pgCtl.toString());
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("pg_ctl " + String.join(" ", arguments) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + pgCtl, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running pg_ctl", ex);
		}
	}

	/** Starts Redis (again) on its port, empty: nothing is persisted. */
	synchronized void startRedis() {
		if (this.redis != null && this.redis.isAlive()) {
			throw new IllegalStateException("Redis is running");
		}
		try {
			this.redis = EmbeddedRedis.startProcess(this.redisPort,
					this.runDirectory.resolve("logs").resolve("redis.log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded Redis", ex);
		}
	}

	/** Kills Redis outright (SIGKILL), as a crash or a lost node. */
	synchronized void stopRedis() {
		Process running = this.redis;
		if (running == null) {
			return;
		}
		try {
			running.destroyForcibly().waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping Redis", ex);
		}
	}

	/** {@code FLUSHALL}: every database of the embedded Redis emptied. */
	void flushRedis() {
		try (Socket socket = new Socket("127.0.0.1", this.redisPort)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("FLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] answer = new byte[5];
			int read = socket.getInputStream().read(answer);
			if (read < 3 || !new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+OK")) {
				throw new IllegalStateException("FLUSHALL was not acknowledged");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not flush Redis", ex);
		}
	}

	Infrastructure infrastructure() {
		// The URL zonky's getJdbcUrl gives, known before the server runs.
		return new Infrastructure("jdbc:postgresql://localhost:" + this.postgresPort + "/bowwow?user=postgres",
				"postgres", "", "localhost", this.redisPort, "", 0);
	}

	@Override
	public void close() {
		Process running = this.redis;
		if (running != null) {
			running.destroy();
			try {
				if (!running.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
					running.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				running.destroyForcibly();
			}
		}
		if (this.postgres != null) {
			try {
				this.postgres.close();
			}
			catch (IOException | RuntimeException ex) {
				// A server a fault test left stopped cannot be stopped again.
				if (postgresProcess().map(ProcessHandle::isAlive).orElse(false)) {
					throw (ex instanceof IOException io) ? new UncheckedIOException(io) : (RuntimeException) ex;
				}
			}
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
