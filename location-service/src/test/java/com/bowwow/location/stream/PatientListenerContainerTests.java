package com.bowwow.location.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.bowwow.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis not reachable while location-service starts (slow, or started after it): the
 * stream's listener container must not fail the start, and subscribes once Redis answers.
 */
class PatientListenerContainerTests {

	@Test
	void startsWithoutRedisAndSubscribesWhenItComes() throws Exception {
		TestInfrastructure servers = TestInfrastructure.get();
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			port = probe.getLocalPort();
		}
		RedisStandaloneConfiguration unreachable = new RedisStandaloneConfiguration("127.0.0.1", port);
		if (servers.redisPassword() != null) {
			unreachable.setPassword(servers.redisPassword());
		}
		LettuceConnectionFactory late = new LettuceConnectionFactory(unreachable,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		late.afterPropertiesSet();
		String channel = "bowwow:test:patient:" + port;
		List<String> heard = new CopyOnWriteArrayList<>();
		PatientListenerContainer container = new PatientListenerContainer();
		container.setConnectionFactory(late);
		container.addMessageListener((message, pattern) -> heard.add(new String(message.getBody())),
				new ChannelTopic(channel));
		container.afterPropertiesSet();
		try {
			// Nothing listens on the port: the plain container throws here.
			container.start();
			assertThat(container.isSubscribed()).isFalse();

			// Redis "comes up" on that port (a relay to the test Redis).
			try (Relay relay = new Relay(port, servers.redisHost(), servers.redisPort())) {
				await().atMost(Duration.ofSeconds(30)).until(container::isSubscribed);
				LettuceConnectionFactory direct = new LettuceConnectionFactory(
						new RedisStandaloneConfiguration(servers.redisHost(), servers.redisPort()));
				if (servers.redisPassword() != null) {
					direct.getStandaloneConfiguration().setPassword(servers.redisPassword());
				}
				direct.afterPropertiesSet();
				direct.start();
				try {
					StringRedisTemplate redis = new StringRedisTemplate(direct);
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						redis.convertAndSend(channel, "hello");
						assertThat(heard).contains("hello");
					});
				}
				finally {
					direct.destroy();
				}
			}
		}
		finally {
			container.stop();
			container.destroy();
			late.destroy();
		}
	}

	/** Forwards every connection on a local port to the real Redis. */
	private static final class Relay implements AutoCloseable {

		private final ServerSocket server;

		Relay(int port, String host, int targetPort) throws IOException {
			this.server = new ServerSocket();
			this.server.setReuseAddress(true);
			this.server.bind(new InetSocketAddress("127.0.0.1", port));
			Thread.ofVirtual().start(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket client = this.server.accept();
						Socket upstream = new Socket(host, targetPort);
						pump(client, upstream);
						pump(upstream, client);
					}
					catch (IOException ex) {
						return;
					}
				}
			});
		}

		private static void pump(Socket from, Socket to) {
			Thread.ofVirtual().start(() -> {
				try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
					in.transferTo(out);
				}
				catch (IOException ex) {
					// the other side closed
				}
			});
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
