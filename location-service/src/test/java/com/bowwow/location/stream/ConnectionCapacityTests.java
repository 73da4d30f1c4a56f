package com.bowwow.location.stream;

import com.bowwow.location.LocationIntegrationTest;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand idle streams must fit in a 512 MiB container: per-connection buffers stay
 * small and the connection cap is set (measured with {@code bench/run.sh --ws N}).
 */
class ConnectionCapacityTests extends LocationIntegrationTest {

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	StreamProperties stream;

	@Test
	void connectionsAreCappedAndTheirBuffersSmall() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize"))
			.isEqualTo(String.valueOf(ConnectionCapacity.READ_BUFFER_BYTES));
		assertThat(connector.getProperty("socket.appWriteBufSize"))
			.isEqualTo(String.valueOf(ConnectionCapacity.WRITE_BUFFER_BYTES));
		assertThat(connector.getProperty("maxConnections")).isEqualTo(12000);
		assertThat(this.stream.maxMessageBytes()).isEqualTo(1024);
	}

	@Test
	void everySessionsOutputBuffersAreSmall() throws Exception {
		// what Tomcat read, not what we set: the property only counts if it was set
		// before Tomcat's WebSocket constants were loaded
		java.lang.reflect.Field size = Class.forName("org.apache.tomcat.websocket.Constants")
			.getDeclaredField("DEFAULT_BUFFER_SIZE");
		size.setAccessible(true);
		assertThat(size.getInt(null)).isEqualTo(ConnectionCapacity.WEBSOCKET_BUFFER_BYTES);
	}

}
