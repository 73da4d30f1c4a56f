package com.bowwow.location.stream;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.bowwow.common.id.UserId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slow-consumer policy, with sessions standing in for a client that stops reading (a
 * real socket would need megabytes to fill the kernel's buffers first).
 */
class StreamConnectionTests {

	@Test
	void aStalledClientIsDisconnectedWithoutHoldingUpTheSenderOrOthers() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		FakeSession stalled = new FakeSession("stalled", never);
		FakeSession healthy = new FakeSession("healthy", null);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StreamMetrics metrics = new StreamMetrics(meters);
		StreamConnection slow = new StreamConnection(stalled.proxy(), UserId.random(), 4, Clock.systemUTC(), metrics);
		StreamConnection fast = new StreamConnection(healthy.proxy(), UserId.random(), 256, Clock.systemUTC(), metrics);

		long started = System.nanoTime();
		int queued = 0;
		for (int i = 0; i < 100; i++) {
			// What the fan-out does for every move: enqueue for everyone, never wait.
			if (slow.send(new TextMessage("update " + i))) {
				queued++;
			}
			fast.send(new TextMessage("update " + i));
			Thread.sleep(1);
		}
		long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

		// One message is stuck in the stalled write, four fill the queue, the next
		// closes.
		assertThat(queued).isBetween(4, 5);
		awaitClosed(stalled);
		assertThat(stalled.closedWith.get()).isEqualTo(StreamConnection.TOO_SLOW);
		assertThat(stalled.closedWith.get().getCode()).isEqualTo(1013);
		assertThat(slow.send(new TextMessage("after close"))).isFalse();
		// The refused message and the four queued ones were lost to that client, once.
		assertThat(meters.get("bowwow.location.stream.slow.disconnects").counter().count()).isEqualTo(1);
		assertThat(meters.get("bowwow.location.stream.dropped").counter().count()).isEqualTo(5);
		assertThat(metrics.droppedTotal()).isEqualTo(5);
		// The healthy client got everything, in order, while the other was stuck.
		awaitSent(healthy, 100);
		assertThat(healthy.sent).extracting((m) -> m.getPayload().toString())
			.startsWith("update 0", "update 1", "update 2")
			.endsWith("update 99");
		assertThat(healthy.closedWith.get()).isNull();
		assertThat(elapsedMillis).as("enqueueing never blocked on the stalled client").isLessThan(5_000);
		never.countDown();
	}

	@Test
	void aFailedWriteClosesTheConnection() throws Exception {
		FakeSession broken = new FakeSession("broken", null);
		broken.failWrites = true;
		StreamConnection connection = new StreamConnection(broken.proxy(), UserId.random(), 4, Clock.systemUTC(),
				new StreamMetrics(new SimpleMeterRegistry()));
		connection.send(new TextMessage("x"));
		awaitClosed(broken);
		assertThat(broken.closedWith.get()).isEqualTo(CloseStatus.SESSION_NOT_RELIABLE);
	}

	private static void awaitClosed(FakeSession session) throws InterruptedException {
		for (int i = 0; i < 200 && session.closedWith.get() == null; i++) {
			Thread.sleep(10);
		}
	}

	private static void awaitSent(FakeSession session, int count) throws InterruptedException {
		for (int i = 0; i < 500 && session.sent.size() < count; i++) {
			Thread.sleep(10);
		}
	}

	/** A session whose writes block on a latch (a client that stopped reading). */
	static final class FakeSession {

		final List<WebSocketMessage<?>> sent = new CopyOnWriteArrayList<>();

		final AtomicReference<CloseStatus> closedWith = new AtomicReference<>();

		private final String id;

		private final CountDownLatch blockWrites;

		volatile boolean failWrites;

		FakeSession(String id, CountDownLatch blockWrites) {
			this.id = id;
			this.blockWrites = blockWrites;
		}

		WebSocketSession proxy() {
			return (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> switch (method.getName()) {
						case "getId" -> this.id;
						case "isOpen" -> this.closedWith.get() == null;
						case "sendMessage" -> {
							if (this.failWrites) {
								throw new java.io.IOException("broken pipe");
							}
							if (this.blockWrites != null) {
								this.blockWrites.await(1, TimeUnit.MINUTES);
							}
							this.sent.add((WebSocketMessage<?>) args[0]);
							yield null;
						}
						case "close" -> {
							this.closedWith.compareAndSet(null,
									(args != null && args.length == 1) ? (CloseStatus) args[0] : CloseStatus.NORMAL);
							yield null;
						}
						case "hashCode" -> System.identityHashCode(proxy);
						case "equals" -> proxy == args[0];
						case "toString" -> "FakeSession " + this.id;
						default -> throw new UnsupportedOperationException(method.getName());
					});
		}

	}

}
