package com.bowwow.location.stream;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One open stream: its user, current subscription and a bounded send queue. A virtual
 * thread drains the queue while it holds messages and ends when it is empty, so an idle
 * connection holds no thread (ten thousand idle streams would otherwise park ten thousand
 * threads and their stacks); everyone else only enqueues, so a slow or stalled client
 * costs its own thread and nothing more.
 */
class StreamConnection {

	private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

	/** The queue is full: the client reads too slowly. */
	public static final CloseStatus TOO_SLOW = new CloseStatus(1013, "send queue full: reconnect");

	private final WebSocketSession session;

	private final UserId userId;

	private final Clock clock;

	/**
	 * Messages to send, and a {@link CloseStatus} as the last item of a graceful close.
	 */
	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	/** How many items the queue holds (its own size() walks the queue). */
	private final AtomicInteger queued = new AtomicInteger();

	private final int capacity;

	/** Whether a sender thread is draining the queue: at most one, so order holds. */
	private final AtomicBoolean sending = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private static final AtomicLong OPENED = new AtomicLong();

	/** Order of opening on this instance (clock readings can tie). */
	private final long sequence = OPENED.incrementAndGet();

	private volatile Instant lastHeard;

	private volatile Subscription subscription;

	/**
	 * The other users this connection was last told about, with the cell centre and time
	 * it was told: exactly those who get a {@code location_removed} when they leave.
	 * Guarded by this connection's monitor together with {@link #subscription}.
	 */
	private final Map<UserId, Shown> shown = new HashMap<>();

	private final CompletableFuture<Void> transportClosed = new CompletableFuture<>();

	private final StreamMetrics metrics;

	StreamConnection(WebSocketSession session, UserId userId, int queueCapacity, Clock clock, StreamMetrics metrics) {
		this.session = session;
		this.metrics = metrics;
		this.userId = userId;
		this.clock = clock;
		this.capacity = queueCapacity;
		this.lastHeard = clock.instant();
	}

	public UserId userId() {
		return this.userId;
	}

	WebSocketSession session() {
		return this.session;
	}

	public String id() {
		return this.session.getId();
	}

	long sequence() {
		return this.sequence;
	}

	Instant lastHeard() {
		return this.lastHeard;
	}

	void heard() {
		this.lastHeard = this.clock.instant();
	}

	Subscription subscription() {
		return this.subscription;
	}

	void subscribe(Subscription subscription) {
		this.subscription = subscription;
	}

	/** Guarded by this connection's monitor. */
	Map<UserId, Shown> shown() {
		return this.shown;
	}

	/**
	 * Dropped from the registry: nothing may index it again. Guarded by this connection's
	 * monitor.
	 */
	private boolean retired;

	boolean isRetired() {
		return this.retired;
	}

	void retire() {
		this.retired = true;
	}

	boolean isOpen() {
		return !this.closed.get() && this.session.isOpen();
	}

	/**
	 * Queues a message; never blocks. A full queue disconnects the client (see the
	 * package documentation for why disconnecting beats dropping).
	 * @return whether the message was queued
	 */
	public boolean send(WebSocketMessage<?> message) {
		if (this.closed.get()) {
			return false;
		}
		if (enqueue(message)) {
			return true;
		}
		int waiting = this.queued.get();
		log.info("Closing stream {} of {}: {} messages waiting, the client reads too slowly", id(), this.userId,
				waiting);
		if (closeIfOpen(TOO_SLOW)) {
			// This message and everything that was waiting for the client.
			this.metrics.slowClientDisconnected(1 + waiting);
		}
		return false;
	}

	/**
	 * Closes the connection after the messages already queued were sent; at once when the
	 * queue is full.
	 */
	public void closeAfterQueued(CloseStatus status) {
		if (this.closed.get() || !enqueue(status)) {
			close(status);
		}
	}

	private boolean enqueue(Object item) {
		if (this.queued.incrementAndGet() > this.capacity) {
			this.queued.decrementAndGet();
			return false;
		}
		this.queue.offer(item);
		if (this.sending.compareAndSet(false, true)) {
			Thread.ofVirtual().name("stream-sender-" + id()).start(this::drain);
		}
		return true;
	}

	/** Closes the connection from any thread, without waiting for a stalled write. */
	public void close(CloseStatus status) {
		closeIfOpen(status);
	}

	private boolean closeIfOpen(CloseStatus status) {
		if (!this.closed.compareAndSet(false, true)) {
			return false;
		}
		// No interrupt: Tomcat aborts the socket when a write is interrupted, and the
		// close frame would be lost. A sender in the middle of a write sees the flag when
		// it returns and drops what is left.
		Thread.ofVirtual().name("stream-close-" + id()).start(() -> {
			try {
				this.session.close(status);
			}
			catch (IOException | RuntimeException ex) {
				log.debug("Closing stream {} failed: {}", id(), ex.toString());
			}
		});
		return true;
	}

	/** The close handshake finished (or the transport died): the server saw the end. */
	void transportClosed() {
		this.transportClosed.complete(null);
	}

	/** Waits until the transport has closed, up to a deadline. */
	void awaitTransportClosed(Instant deadline) throws InterruptedException {
		long millis = deadline.toEpochMilli() - System.currentTimeMillis();
		try {
			this.transportClosed.get(Math.max(0, millis), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			// Deadline passed: the transport is torn down with the server.
		}
	}

	private void drain() {
		try {
			do {
				Object next;
				while ((next = this.queue.poll()) != null) {
					this.queued.decrementAndGet();
					if (this.closed.get()) {
						continue;
					}
					if (next instanceof CloseStatus status) {
						close(status);
						continue;
					}
					this.session.sendMessage((WebSocketMessage<?>) next);
				}
				this.sending.set(false);
				// Something queued after the last poll but before the flag dropped would
				// wait for the next message: take it now, unless another sender did.
			}
			while (!this.queue.isEmpty() && this.sending.compareAndSet(false, true));
		}
		catch (IOException | RuntimeException ex) {
			// A failed or timed-out write leaves the socket in an unknown state; no
			// sender runs again (the flag stays set), the connection is closed.
			log.debug("Send on stream {} failed: {}", id(), ex.toString());
			close(CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	/**
	 * A subscribed circle: always centred on the subscriber's own newest position.
	 *
	 * @param center the subscriber's own newest position; null while they have none
	 * (nothing is streamed until they report one)
	 * @param centerAt when that position was reported (a late, older move never moves the
	 * centre back)
	 * @param radiusMeters its radius
	 * @param unit the subscriber's unit for distances
	 */
	record Subscription(Coordinates center, Instant centerAt, double radiusMeters, DistanceUnit unit) {

		Subscription movedTo(Coordinates to, Instant at) {
			return new Subscription(to, at, this.radiusMeters, this.unit);
		}

		boolean contains(Coordinates point) {
			return this.center != null && GreatCircle.distanceMeters(this.center, point) <= this.radiusMeters;
		}

	}

	/**
	 * What a connection was told about another user.
	 *
	 * @param cell the other user's cell centre
	 * @param lastSeen when the other user reported that position
	 */
	record Shown(Coordinates cell, Instant lastSeen) {

	}

}
