package com.bowwow.location.stream;

import java.util.Arrays;
import java.util.Locale;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.UserAuthentication;
import com.bowwow.location.LocationIntegrationTest;
import com.bowwow.location.StreamClient;
import com.bowwow.testsupport.TestTokens;
import jakarta.websocket.Session;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each open stream keeps must stay small, so that {@code max-streams} of them fit a
 * 512 MiB container: per-connection buffers, no negotiated extension, no token, and the
 * transport's connection cap set (measured with {@code bench/run.sh --ws N}).
 */
class ConnectionCapacityTests extends LocationIntegrationTest {

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	StreamProperties stream;

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	ConnectionCapacity capacity;

	@Test
	void connectionsAreCappedAndTheirBuffersSmall() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize"))
			.isEqualTo(String.valueOf(ConnectionCapacity.READ_BUFFER_BYTES));
		assertThat(connector.getProperty("socket.appWriteBufSize"))
			.isEqualTo(String.valueOf(ConnectionCapacity.WRITE_BUFFER_BYTES));
		assertThat(connector.getProperty("maxConnections")).isEqualTo(12000);
		assertThat(this.stream.maxMessageBytes()).isEqualTo(512);
	}

	/**
	 * The stream's own port keeps smaller socket buffers than the service port, with the
	 * same limits and threads, and serves the stream: the load balancer sends it there.
	 */
	@Test
	void theStreamsOwnPortHasSmallerBuffersTheSameLimitsAndServesTheStream() throws Exception {
		Connector service = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		int streamPort = this.capacity.streamPort();
		assertThat(streamPort).isPositive().isNotEqualTo(this.port);
		Connector stream = Arrays
			.stream(((TomcatWebServer) this.context.getWebServer()).getTomcat().getService().findConnectors())
			.filter((connector) -> connector.getLocalPort() == streamPort)
			.findFirst()
			.orElseThrow();
		assertThat(stream.getProperty("socket.appReadBufSize"))
			.isEqualTo(String.valueOf(ConnectionCapacity.STREAM_READ_BUFFER_BYTES));
		assertThat(stream.getProperty("socket.appWriteBufSize"))
			.isEqualTo(String.valueOf(ConnectionCapacity.STREAM_WRITE_BUFFER_BYTES));
		assertThat(stream.getProperty("maxConnections")).isEqualTo(12000);
		assertThat(stream.getProtocolHandler().getExecutor()).isSameAs(service.getProtocolHandler().getExecutor())
			.isNotNull();
		UserId watcher = UserId.random();
		UserId mover = UserId.random();
		try (StreamClient client = StreamClient.connect(streamPort, TestTokens.bearer(watcher))) {
			client.send("{\"type\":\"subscribe\",\"latitude\":48.8566,\"longitude\":2.3522,\"radius\":2}");
			assertThat(client.next()).containsEntry("type", "subscription_confirmed");
			report(mover, 48.8656, 2.3522);
			assertThat(client.next()).containsEntry("type", "location_update")
				.containsEntry("userID", mover.toString());
		}
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
		String answer = StreamClient.rawHandshake(this.port,
				"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
				"Authorization: " + TestTokens.authorization(user));
		assertThat(answer).as("the handshake succeeded").startsWith("HTTP/1.1 101 ");
		assertThat(answer.toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
	}

	/**
	 * Tomcat and the session keep what the upgrade hands them for the connection's whole
	 * life: the token (from the query or the header) and its decoded form must not be
	 * among it, for memory (several KiB per stream) and because a credential would stay
	 * in every heap dump hours after it expired; nor any header (the handshake's own cost
	 * 2.8 KB per stream in two copies).
	 */
	@Test
	void anOpenStreamKeepsNeitherItsTokenNorTheHandshakesOtherHeaders() throws Exception {
		UserId viaQuery = UserId.random();
		UserId viaHeader = UserId.random();
		String queryToken = TestTokens.bearer(viaQuery);
		String headerToken = TestTokens.bearer(viaHeader);
		try (StreamClient one = StreamClient.connectWithQueryToken(this.port, queryToken);
				StreamClient other = StreamClient.connect(this.port, headerToken)) {
			one.roundTrip();
			other.roundTrip();
			assertKeepsNoToken(viaQuery, queryToken);
			assertKeepsNoToken(viaHeader, headerToken);
		}
	}

	private void assertKeepsNoToken(UserId user, String token) {
		assertThat(this.registry.forUser(user)).hasSize(1);
		WebSocketSession session = this.registry.forUser(user).getFirst().session();
		assertThat(session.getPrincipal()).isInstanceOfSatisfying(UserAuthentication.class, (authentication) -> {
			assertThat(authentication.getPrincipal().userId()).isEqualTo(user);
			assertThat(authentication.getCredentials()).isNull();
		});
		assertThat(session.getUri()).hasNoQuery();
		// Tomcat's handshake request copies the same listing (held by its upgrade
		// handler,
		// out of reach here)
		assertThat(session.getHandshakeHeaders().isEmpty()).as("headers copied into the session").isTrue();
		assertThat(session.getRemoteAddress()).isNull();
		assertThat(session.getLocalAddress()).isNull();
		Session tomcat = ((NativeWebSocketSession) session).getNativeSession(Session.class);
		assertThat(tomcat.getQueryString()).isNull();
		assertThat(tomcat.getRequestParameterMap()).isEmpty();
		assertThat(tomcat.getRequestURI()).hasNoQuery();
		assertThat(((UserAuthentication) tomcat.getUserPrincipal()).getCredentials()).isNull();
		assertThat(String.valueOf(session.getHandshakeHeaders()) + session.getUri() + session.getAttributes())
			.doesNotContain(token);
	}

	/**
	 * The byte buffer is far smaller than the text buffer: a text message passes through
	 * it in pieces, so one of nearly the largest size is still read whole and answered,
	 * and only one over the limit closes the stream (1009).
	 */
	@Test
	void aTextMessageLongerThanTheByteBufferIsReadWholeAndOnlyOneOverTheLimitClosesTheStream() throws Exception {
		UserId user = UserId.random();
		String nearlyLargest = "{\"type\":\"subscribe\",\"latitude\":" + "9".repeat(this.stream.maxMessageBytes() - 60)
				+ ",\"longitude\":0}";
		assertThat(nearlyLargest.length()).isGreaterThan(3 * StreamConfiguration.BINARY_BUFFER_BYTES)
			.isLessThanOrEqualTo(this.stream.maxMessageBytes());
		try (StreamClient client = StreamClient.connect(this.port, TestTokens.bearer(user))) {
			// registered once the server has heard it, not when the handshake returns
			client.roundTrip();
			Session tomcat = ((NativeWebSocketSession) this.registry.forUser(user).getFirst().session())
				.getNativeSession(Session.class);
			assertThat(tomcat.getMaxTextMessageBufferSize()).isEqualTo(this.stream.maxMessageBytes());
			assertThat(tomcat.getMaxBinaryMessageBufferSize()).isEqualTo(StreamConfiguration.BINARY_BUFFER_BYTES);
			client.send(nearlyLargest);
			assertThat(client.next()).as("answered, not closed").containsEntry("type", "error");
			client.roundTrip();
			client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(this.stream.maxMessageBytes()) + "\"}");
			// 1009 as sent; 1006 when the unread rest of the message in the server's
			// receive buffer turned its close into a reset that overtook the close frame
			// (seen once in a full module run)
			assertThat(client.closeCode()).isIn(1009, 1006);
		}
	}

}
