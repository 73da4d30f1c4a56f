package com.bowwow.location.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.bowwow.common.id.UserId;
import com.bowwow.common.lifecycle.LifecyclePhase;
import com.bowwow.common.lifecycle.PhasedLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;

/**
 * The connections this instance holds: the per-user cap, heartbeats and the close on
 * shutdown. It stops in {@link LifecyclePhase#CONNECTIONS}, before the web server begins
 * its graceful shutdown, so clients get a clean 1001 to reconnect elsewhere.
 */
@Component
class ConnectionRegistry extends PhasedLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);

	static final CloseStatus SHUTTING_DOWN = CloseStatus.GOING_AWAY.withReason("server restarting: reconnect");

	static final CloseStatus IDLE = CloseStatus.GOING_AWAY.withReason("no heartbeat: reconnect");

	private final Map<String, StreamConnection> connections = new ConcurrentHashMap<>();

	/**
	 * The same connections by user: a signal or a settings change finds them at once.
	 * Immutable lists (a user has one to a few connections), replaced under this
	 * registry's monitor and read without it: a set per user cost ~200 bytes per stream
	 * and a copy per read.
	 */
	private final Map<UserId, List<StreamConnection>> byUser = new ConcurrentHashMap<>();

	private final StreamViews views;

	private final StreamProperties properties;

	private final Clock clock;

	private UserWatcher userWatcher = new UserWatcher() {
	};

	ConnectionRegistry(StreamViews views, StreamProperties properties, Clock clock) {
		super(LifecyclePhase.CONNECTIONS);
		this.views = views;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Adds a connection; when the user is over the cap, returns the oldest of theirs for
	 * the caller to close.
	 */
	synchronized StreamConnection add(StreamConnection connection) {
		this.connections.put(connection.id(), connection);
		boolean first = !this.byUser.containsKey(connection.userId());
		List<StreamConnection> own = this.byUser.merge(connection.userId(), List.of(connection),
				ConnectionRegistry::with);
		if (first) {
			tell(() -> this.userWatcher.connected(connection.userId()), connection.userId());
		}
		if (own.size() <= this.properties.maxConnectionsPerUser()) {
			return null;
		}
		StreamConnection oldest = own.stream().min(Comparator.comparingLong(StreamConnection::sequence)).orElseThrow();
		remove(oldest);
		return oldest;
	}

	synchronized void remove(StreamConnection connection) {
		this.connections.remove(connection.id());
		List<StreamConnection> before = this.byUser.get(connection.userId());
		if (before != null && before.contains(connection)
				&& this.byUser.computeIfPresent(connection.userId(), (key, own) -> without(own, connection)) == null) {
			tell(() -> this.userWatcher.disconnected(connection.userId()), connection.userId());
		}
		this.views.forget(connection);
	}

	/**
	 * Who is told when a user's first connection on this instance opens and their last
	 * closes (the subscription to their messages). Called under this registry's monitor,
	 * so the two never cross for one user.
	 */
	interface UserWatcher {

		default void connected(UserId user) {
		}

		default void disconnected(UserId user) {
		}

	}

	synchronized void watchUsers(UserWatcher watcher) {
		this.userWatcher = watcher;
	}

	private static void tell(Runnable change, UserId user) {
		try {
			change.run();
		}
		catch (RuntimeException ex) {
			// Redis unreachable: the listener container subscribes again to every
			// channel it maps once it reconnects.
			log.warn("Could not change the subscription to the messages of {}: {}", user, ex.toString());
		}
	}

	/** Open connections on this instance. */
	public int size() {
		return this.connections.size();
	}

	public Collection<StreamConnection> all() {
		return this.connections.values();
	}

	/** The user's open connections on this instance (an immutable list). */
	public List<StreamConnection> forUser(UserId userId) {
		return this.byUser.getOrDefault(userId, List.of());
	}

	private static List<StreamConnection> with(List<StreamConnection> own, List<StreamConnection> added) {
		List<StreamConnection> all = new ArrayList<>(own);
		added.stream().filter((connection) -> !own.contains(connection)).forEach(all::add);
		return List.copyOf(all);
	}

	/** The list without the connection, or null for none left (the entry goes). */
	private static List<StreamConnection> without(List<StreamConnection> own, StreamConnection connection) {
		List<StreamConnection> rest = own.stream().filter((other) -> other != connection).toList();
		return rest.isEmpty() ? null : rest;
	}

	/** Pings every connection; closes those silent for longer than the idle timeout. */
	@Scheduled(fixedDelayString = "${bowwow.location.stream.heartbeat-interval:25s}",
			initialDelayString = "${bowwow.location.stream.heartbeat-interval:25s}")
	public void heartbeat() {
		Instant silentSince = this.clock.instant().minus(this.properties.idleTimeout());
		for (StreamConnection connection : this.connections.values()) {
			if (!connection.isOpen()) {
				remove(connection);
			}
			else if (connection.lastHeard().isBefore(silentSince)) {
				log.info("Closing stream {} of {}: silent since {}", connection.id(), connection.userId(),
						connection.lastHeard());
				remove(connection);
				connection.close(IDLE);
			}
			else {
				connection.send(new PingMessage());
			}
		}
	}

	@Override
	protected void onStop() {
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
		open.forEach(this::remove);
		if (count > 0) {
			log.info("Closed {} stream connections for shutdown", count);
		}
	}

}
