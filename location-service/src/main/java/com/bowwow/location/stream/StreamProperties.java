package com.bowwow.location.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sendQueueCapacity messages waiting for a slow client before it is disconnected
 * @param sendTimeout how long one blocked write may take before the connection is closed
 * @param maxConnectionsPerUser open connections per user on one instance
 * @param heartbeatInterval how often the server pings
 * @param idleTimeout a connection silent (no pong, no message) this long is closed
 * @param maxMessageBytes largest client message accepted (a subscribe is about 120 bytes,
 * with every optional field under 200; Tomcat keeps a text buffer of this many chars, two
 * bytes each, per connection)
 * @param maxStreams open streams this instance accepts; beyond, a handshake gets 503 and
 * Retry-After (2,500 fit a 512 MiB task: about 13 KB of heap each on the stream port
 * beside the service's own, in a 230 MiB heap)
 * @param port the stream's own port, where the load balancer sends it (small socket
 * buffers, see {@link ConnectionCapacity}); unset, the service port + 10 (8012), or a
 * random one when the service port is; the service port serves the stream too (the
 * gateway's route)
 */
@ConfigurationProperties("bowwow.location.stream")
record StreamProperties(@DefaultValue("256") int sendQueueCapacity, @DefaultValue("10s") Duration sendTimeout,
		@DefaultValue("5") int maxConnectionsPerUser, @DefaultValue("25s") Duration heartbeatInterval,
		@DefaultValue("60s") Duration idleTimeout, @DefaultValue("512") int maxMessageBytes,
		@DefaultValue("2500") int maxStreams, Integer port) {

}
