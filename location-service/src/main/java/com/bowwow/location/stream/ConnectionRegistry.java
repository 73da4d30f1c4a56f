package com.bowwow.location.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bowwow.common.id.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;

/**
 * The connections this instance holds: the per-user cap, heartbeats and the close on
 * shutdown. Its lifecycle phase is the highest, so it stops before the web server begins
 * its graceful shutdown and clients get a clean 1001 to reconnect elsewhere.
 */
@Component
public class ConnectionRegistry implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);

	static final CloseStatus SHUTTING_DOWN = CloseStatus.GOING_AWAY.withReason("server restarting: reconnect");

	static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("no heartbeat: reconnect");

	private final Map<String, StreamConnection> connections = new ConcurrentHashMap<>();

	private final StreamProperties properties;

	private final Clock clock;

	private volatile boolean running;

	ConnectionRegistry(StreamProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Adds a connection; when the user is over the cap, returns the oldest of theirs for
	 * the caller to close.
	 */
	synchronized StreamConnection add(StreamConnection connection) {
		this.connections.put(connection.id(), connection);
		List<StreamConnection> own = forUser(connection.userId());
		if (own.size() <= this.properties.maxConnectionsPerUser()) {
			return null;
		}
		StreamConnection oldest = own.stream().min(Comparator.comparingLong(StreamConnection::sequence)).orElseThrow();
		this.connections.remove(oldest.id());
		return oldest;
	}

	void remove(StreamConnection connection) {
		this.connections.remove(connection.id());
	}

	public Collection<StreamConnection> all() {
		return this.connections.values();
	}

	public List<StreamConnection> forUser(UserId userId) {
		return this.connections.values().stream().filter((c) -> c.userId().equals(userId)).toList();
	}

	/** Pings every connection; closes those silent for longer than the idle timeout. */
	@Scheduled(fixedDelayString = "${bowwow.location.stream.heartbeat-interval:25s}",
			initialDelayString = "${bowwow.location.stream.heartbeat-interval:25s}")
	public void heartbeat() {
		Instant silentSince = this.clock.instant().minus(this.properties.idleTimeout());
		for (StreamConnection connection : this.connections.values()) {
			if (!connection.isOpen()) {
				this.connections.remove(connection.id());
			}
			else if (connection.lastHeard().isBefore(silentSince)) {
				log.info("Closing stream {} of {}: silent since {}", connection.id(), connection.userId(),
						connection.lastHeard());
				this.connections.remove(connection.id());
				connection.close(IDLE);
			}
			else {
				connection.send(new PingMessage());
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<StreamConnection> open = List.copyOf(this.connections.values());
		int count = open.size();
		open.forEach((connection) -> connection.close(SHUTTING_DOWN));
		// Let the close handshakes finish before the web server stops (a socket torn
		// down early loses the close frame); a stalled client cannot hold the shutdown
		// beyond the deadline.
		Instant deadline = Instant.now().plusSeconds(3);
		try {
			for (StreamConnection connection : open) {
				connection.awaitTransportClosed(deadline);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.connections.clear();
		if (count > 0) {
			log.info("Closed {} stream connections for shutdown", count);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stop first: before the web server's graceful shutdown (DEFAULT_PHASE - 1024).
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
