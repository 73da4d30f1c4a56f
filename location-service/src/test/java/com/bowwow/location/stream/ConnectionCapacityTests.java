package com.bowwow.location.stream;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.bowwow.common.id.UserId;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.testsupport.TestTokens;
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

	/**
	 * A client offering permessage-deflate (any client may; browsers do) would cost a
	 * zlib deflater and inflater per connection, about 300 KiB of native memory: 10,000
	 * such streams would need 3 GiB. The stream's messages are a few hundred bytes, so
	 * the extension is never agreed.
	 */
	@Test
	void aClientOfferingCompressionGetsAnUncompressedStream() throws Exception {
		UserId user = UserId.random();
		report(user, 48.8566, 2.3522);
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(5_000);
			String request = "GET " + StreamConfiguration.PATH + " HTTP/1.1\r\n" + "Host: localhost:" + this.port
					+ "\r\n" + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" + "Authorization: "
					+ TestTokens.authorization(user) + "\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			BufferedReader response = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			List<String> head = new ArrayList<>();
			for (String line = response.readLine(); line != null && !line.isEmpty(); line = response.readLine()) {
				head.add(line);
			}
			assertThat(head).as("the handshake succeeded").first().asString().contains(" 101 ");
			assertThat(head).noneMatch((line) -> line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-extensions"));
		}
	}

}
