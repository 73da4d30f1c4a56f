package com.bowwow.location.stream;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes Tomcat for many long-lived, mostly idle WebSocket connections in a 512 MiB
 * container: small per-connection buffers and a transport cap
 * ({@code server.tomcat.max-connections}), a backstop far above the streams
 * {@link StreamAdmission} lets in.
 * <p>
 * The stream has a port of its own ({@link StreamProperties#port()}), where the load
 * balancer sends it. Tomcat reads and writes HTTP in pieces no larger than a connection's
 * socket buffers, so the service port keeps buffers that fit a request and most responses
 * in one system call each; every open stream would keep those 3 KiB for nothing, because
 * Tomcat writes WebSocket frames straight from its own frame buffers to the socket (the
 * write buffer only ever holds the 101 answer) and reads frames of a few bytes. The
 * service port serves the stream too, for the gateway's route.
 */
@Component
class ConnectionCapacity implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	static final int READ_BUFFER_BYTES = 1024;

	static final int WRITE_BUFFER_BYTES = 2048;

	/** A handshake (about 700 bytes with its token) takes two reads, once per stream. */
	static final int STREAM_READ_BUFFER_BYTES = 512;

	/** Only the handshake's answer (about 130 bytes) passes through it. */
	static final int STREAM_WRITE_BUFFER_BYTES = 256;

	/**
	 * The stream's port beside the service's, unless set (devstack's {@code ServiceSpec}
	 * holds the same number).
	 */
	static final int STREAM_PORT_OFFSET = 10;

	/**
	 * Tomcat gives every WebSocket session an input, an output and an encoder buffer of
	 * this size (8 KiB each by default, a system property read once). Our messages are a
	 * few hundred bytes; a longer one goes out in several frames, which every client
	 * reassembles, and an incoming one is read in pieces up to the text limit.
	 */
	static final int WEBSOCKET_BUFFER_BYTES = 512;

	static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private final StreamProperties properties;

	private final Connector stream = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);

	ConnectionCapacity(StreamProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		// Before Tomcat starts, hence before its WebSocket classes read it; an operator's
		// -D wins.
		if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
			System.setProperty(WEBSOCKET_BUFFER_PROPERTY, Integer.toString(WEBSOCKET_BUFFER_BYTES));
		}
		Integer port = this.properties.port();
		int servicePort = factory.getPort();
		this.stream.setPort((port != null) ? port : (servicePort > 0) ? servicePort + STREAM_PORT_OFFSET : 0);
		// A port already taken stops the start, as the service port's would.
		this.stream.setThrowOnFailure(true);
		this.stream.setProperty("socket.appReadBufSize", Integer.toString(STREAM_READ_BUFFER_BYTES));
		this.stream.setProperty("socket.appWriteBufSize", Integer.toString(STREAM_WRITE_BUFFER_BYTES));
		factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
			connector.setProperty("socket.appWriteBufSize", Integer.toString(WRITE_BUFFER_BYTES));
			// Runs after Boot applied server.tomcat.* and virtual threads to the service
			// port's protocol, which Boot leaves additional connectors without.
			sameLimitsAs(connector);
		});
		factory.addAdditionalConnectors(this.stream);
	}

	private void sameLimitsAs(Connector service) {
		if (service.getProtocolHandler() instanceof AbstractHttp11Protocol<?> from
				&& this.stream.getProtocolHandler() instanceof AbstractHttp11Protocol<?> to) {
			to.setExecutor(from.getExecutor());
			to.setMaxConnections(from.getMaxConnections());
			to.setAcceptCount(from.getAcceptCount());
			to.setConnectionTimeout(from.getConnectionTimeout());
			to.setKeepAliveTimeout(from.getKeepAliveTimeout());
			to.setMaxHttpRequestHeaderSize(from.getMaxHttpRequestHeaderSize());
			// Tomcat's default processor cache (200) stays: an upgraded connection's
			// channel keeps the processor of its handshake, so a smaller cache made each
			// storm allocate processors then held for the streams' life (heap dump).
		}
	}

	/** The stream's port, once the server started (the one bound when it was 0). */
	int streamPort() {
		return this.stream.getLocalPort();
	}

}
