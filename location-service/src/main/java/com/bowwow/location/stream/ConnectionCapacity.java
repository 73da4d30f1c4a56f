package com.bowwow.location.stream;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes Tomcat for many long-lived, mostly idle WebSocket connections in a 512 MiB
 * container: small per-connection socket buffers (requests are small; a 64 KiB body is
 * read in several chunks) and a transport cap ({@code server.tomcat.max-connections}), a
 * backstop far above the streams {@link StreamAdmission} lets in.
 */
@Component
class ConnectionCapacity implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	static final int READ_BUFFER_BYTES = 1024;

	static final int WRITE_BUFFER_BYTES = 2048;

	/**
	 * Tomcat gives every WebSocket session an input, an output and an encoder buffer of
	 * this size (8 KiB each by default, a system property read once). Our messages are a
	 * few hundred bytes; a longer one goes out in several frames, which every client
	 * reassembles, and an incoming one is read in pieces up to the text limit. (The
	 * socket buffers above stay larger: Tomcat also reads and writes requests and
	 * responses in pieces of their size, and a smaller one would cost HTTP calls system
	 * calls.)
	 */
	static final int WEBSOCKET_BUFFER_BYTES = 512;

	static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		// Before Tomcat starts, hence before its WebSocket classes read it; an operator's
		// -D wins.
		if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
			System.setProperty(WEBSOCKET_BUFFER_PROPERTY, Integer.toString(WEBSOCKET_BUFFER_BYTES));
		}
		factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
			connector.setProperty("socket.appWriteBufSize", Integer.toString(WRITE_BUFFER_BYTES));
		});
	}

}
