package com.bowwow.gateway;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.bowwow.common.id.UserId;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code /api/v1/locations/stream} is a WebSocket proxied to location-service, with the
 * token checked at the upgrade (header or {@code access_token} query parameter).
 */
class WebSocketPassThroughTests extends GatewayTestSupport {

	private static final String STREAM = "/api/v1/locations/stream";

	private final UserId user = UserId.random();

	@Test
	void upgradesWithTheTokenAsQueryParameterAndPassesMessagesBothWays() throws Exception {
		String token = TestTokens.bearer(this.user);
		Messages messages = new Messages();
		WebSocket socket = this.http.newWebSocketBuilder()
			.buildAsync(wsUri(STREAM + "?access_token=" + token), messages)
			.get(10, TimeUnit.SECONDS);
		assertThat(messages.next()).startsWith("connected").contains("uri=" + STREAM + "?access_token=" + token);
		socket.sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
		assertThat(messages.next()).isEqualTo("echo:{\"type\":\"ping\"}");
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
	}

	@Test
	void upgradesWithTheTokenInTheAuthorizationHeader() throws Exception {
		String token = TestTokens.bearer(this.user);
		Messages messages = new Messages();
		WebSocket socket = this.http.newWebSocketBuilder()
			.header("Authorization", "Bearer " + token)
			.header("X-Request-Id", "stream-request-0001")
			.header("X-User-Id", UserId.random().toString())
			.buildAsync(wsUri(STREAM), messages)
			.get(10, TimeUnit.SECONDS);
		// The upgrade carries what every proxied request does: the request ID, and the
		// authenticated user in place of whatever the client claimed.
		assertThat(messages.next()).contains("authorization=Bearer " + token)
			.contains("user=" + this.user)
			.contains("request-id=stream-request-0001");
		socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
		assertThat(messages.next()).isEqualTo("echo:hello");
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
	}

	@Test
	void upgradeWithoutAValidTokenIsRefused() {
		assertHandshakeRefused(wsUri(STREAM), null);
		assertHandshakeRefused(wsUri(STREAM + "?access_token=" + TestTokens.expired(this.user)), null);
		assertHandshakeRefused(wsUri(STREAM), "Bearer " + TestTokens.signedByUnknownKey(this.user));
	}

	@Test
	void queryParameterTokensAreOnlyAcceptedForTheStream() throws Exception {
		problem(send(request("/api/v1/users/" + this.user + "?access_token=" + TestTokens.bearer(this.user))), 401,
				"UNAUTHORIZED");
	}

	private void assertHandshakeRefused(URI uri, String authorization) {
		WebSocket.Builder builder = this.http.newWebSocketBuilder();
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		assertThatThrownBy(() -> builder.buildAsync(uri, new Messages()).join()).isInstanceOf(CompletionException.class)
			.cause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(refused) -> assertThat(refused.getResponse().statusCode()).isEqualTo(401));
	}

	private URI wsUri(String path) {
		return URI.create("ws://localhost:" + this.port + path);
	}

	/** Collects whole text messages. */
	private static final class Messages implements WebSocket.Listener {

		private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.received.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		String next() throws InterruptedException {
			String message = this.received.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

	}

}
