package com.bowwow.location.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.bowwow.location.LocationIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages from other instances (moves, signals, settings) are handled on virtual
 * threads: the container's default started a platform thread for each one, thousands a
 * second while a large wave passed.
 */
class PubSubDispatchTests extends LocationIntegrationTest {

	@Autowired
	private RedisMessageListenerContainer container;

	@Test
	void eachMessageIsHandledOnAVirtualThread() throws Exception {
		CompletableFuture<Thread> handledOn = new CompletableFuture<>();
		MessageListener probe = (message, pattern) -> handledOn.complete(Thread.currentThread());
		ChannelTopic topic = new ChannelTopic("bowwow:test:dispatch-probe");
		this.container.addMessageListener(probe, topic);
		try {
			// the subscription is confirmed asynchronously: publish until it is heard
			for (int i = 0; i < 50 && !handledOn.isDone(); i++) {
				this.redis.convertAndSend(topic.getTopic(), "probe");
				Thread.sleep(100);
			}
			assertThat(handledOn.get(5, TimeUnit.SECONDS).isVirtual()).isTrue();
		}
		finally {
			this.container.removeMessageListener(probe, topic);
		}
	}

}
