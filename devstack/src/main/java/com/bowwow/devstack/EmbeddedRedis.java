package com.bowwow.devstack;

import java.io.IOException;
import java.util.Map;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * An embedded Redis of the same major version as everywhere else (7: CI's server, compose
 * and ElastiCache). The embedded-redis library only bundles 6.2, whose {@code XINFO
 * GROUPS} has no {@code lag}; the Redis 7.0 binaries come from a second artifact that is
 * used for nothing but its binaries.
 */
public final class EmbeddedRedis {

	/** The bundled server's version. */
	public static final String VERSION = "7.0.9";

	private static final Map<OsArchitecture, String> BINARIES = Map.of(OsArchitecture.UNIX_x86_64,
			"/redis-server-" + VERSION + "-linux-amd64", OsArchitecture.UNIX_AARCH64,
			"/redis-server-" + VERSION + "-linux-arm64", OsArchitecture.MAC_OS_X_x86_64,
			"/redis-server-" + VERSION + "-darwin-amd64", OsArchitecture.MAC_OS_X_ARM64,
			"/redis-server-" + VERSION + "-darwin-arm64");

	private EmbeddedRedis() {
	}

	/** A Redis 7 server on the port, not yet started; nothing is persisted. */
	public static RedisServer on(int port) throws IOException {
		return new RedisServer(port, ExecutableProvider.newJarResourceProvider(BINARIES));
	}

	/**
	 * Starts a Redis 7 server as a plain child process on the port (nothing persisted)
	 * and waits until it answers. Unlike {@link #on}, no JVM shutdown hook stops it: the
	 * caller decides when, so services can drain while it is still there.
	 */
	public static Process startProcess(int port, java.nio.file.Path logFile) throws IOException {
		java.io.File binary = ExecutableProvider.newJarResourceProvider(BINARIES).get();
		Process process = new ProcessBuilder(binary.getAbsolutePath(), "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(logFile.toFile())
			.start();
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("Redis exited at start-up; see " + logFile);
			}
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				socket.setSoTimeout(1000);
				socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
				byte[] answer = new byte[7];
				if (socket.getInputStream().read(answer) > 0
						&& new String(answer, java.nio.charset.StandardCharsets.US_ASCII).startsWith("+PONG")) {
					return process;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroy();
				throw new IOException("Interrupted while Redis started", ex);
			}
		}
		process.destroy();
		throw new IOException("Redis did not answer within 30 s; see " + logFile);
	}

}
