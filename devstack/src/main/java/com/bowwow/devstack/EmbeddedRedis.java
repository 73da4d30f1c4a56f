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

}
