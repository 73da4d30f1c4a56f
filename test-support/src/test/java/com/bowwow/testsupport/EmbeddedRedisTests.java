package com.bowwow.testsupport;

import java.io.IOException;
import java.net.ServerSocket;

import com.bowwow.devstack.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded path, whatever servers the rest of the build uses: a fresh clone with no
 * test-server variables and no Docker runs every suite on this Redis, so it must be the
 * same major version as CI's and production's (7), with the stream features the event
 * metrics read ({@code XINFO GROUPS} reports {@code lag} from 7.0 on).
 */
class EmbeddedRedisTests {

	@Test
	void theEmbeddedRedisIsVersion7WithStreamLag() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		RedisServer server = EmbeddedRedis.on(port);
		server.start();
		RedisClient client = RedisClient.create("redis://localhost:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			assertThat(redis.info("server")).contains("redis_version:" + EmbeddedRedis.VERSION);
			redis.xadd("s", "k", "v");
			redis.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from("s", "0"), "g");
			assertThat(redis.xinfoGroups("s").toString()).contains("lag");
		}
		finally {
			client.shutdown();
			server.stop();
		}
	}

}
