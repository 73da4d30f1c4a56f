package com.bowwow.location.stream;

import com.bowwow.common.id.UserId;
import com.bowwow.location.BusyRedisPool;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reconnect storm (every phone of an instance that just restarted) must not be refused
 * because the handshakes compete for Redis connections: the token's standing is read on
 * the shared connection, never one borrowed from the pipeline pool.
 */
class HandshakeStormTests extends LocationIntegrationTest {

	@Autowired
	private RedisConnectionFactory connections;

	@Value("${spring.data.redis.lettuce.pool.max-active}")
	private int poolSize;

	@Test
	void aHandshakeIsAcceptedWhileEveryPooledRedisConnectionIsBusy() throws Exception {
		try (BusyRedisPool busy = BusyRedisPool.holdAll(this.connections, this.poolSize);
				StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(UserId.random()))) {
			client.send("{\"type\":\"ping\"}");
			assertThat(client.next("pong")).containsEntry("type", "pong");
		}
	}

}
