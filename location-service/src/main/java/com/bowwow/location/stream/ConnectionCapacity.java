package com.bowwow.location.stream;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes Tomcat for many long-lived, mostly idle WebSocket connections in a 512 MiB
 * container: small per-connection socket buffers (requests are small; a 64 KiB body is
 * read in several chunks) and a connection cap ({@code server.tomcat.max-connections})
 * above which the instance stops accepting rather than running out of memory.
 */
@Component
class ConnectionCapacity implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	static final int READ_BUFFER_BYTES = 2048;

	static final int WRITE_BUFFER_BYTES = 4096;

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
			connector.setProperty("socket.appWriteBufSize", Integer.toString(WRITE_BUFFER_BYTES));
		});
	}

}
