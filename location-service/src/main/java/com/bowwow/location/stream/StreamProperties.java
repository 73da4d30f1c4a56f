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
 * @param maxMessageBytes largest client message accepted (a subscribe is about 120 bytes;
 * Tomcat allocates buffers of this size per connection, three of them)
 */
@ConfigurationProperties("bowwow.location.stream")
record StreamProperties(@DefaultValue("256") int sendQueueCapacity, @DefaultValue("10s") Duration sendTimeout,
		@DefaultValue("5") int maxConnectionsPerUser, @DefaultValue("25s") Duration heartbeatInterval,
		@DefaultValue("60s") Duration idleTimeout, @DefaultValue("1024") int maxMessageBytes) {

}
