package com.bowwow.location;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/** A test WebSocket client of the stream that collects what the server sends. */
public final class StreamClient implements WebSocket.Listener, AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BlockingQueue<Map<String, Object>> messages = new LinkedBlockingQueue<>();

	private final List<Map<String, Object>> setAside = new ArrayList<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private WebSocket socket;

	private StreamClient() {
	}

	/** Connects with {@code Authorization: Bearer <token>}. */
	public static StreamClient connect(int port, String token) throws Exception {
		StreamClient client = new StreamClient();
		client.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Authorization", "Bearer " + token)
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://localhost:" + port + "/api/v1/locations/stream"), client)
			.get(10, TimeUnit.SECONDS);
		return client;
	}

	/** Connects with the token in the {@code access_token} query parameter. */
	public static StreamClient connectWithQueryToken(int port, String token) throws Exception {
		StreamClient client = new StreamClient();
		client.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.buildAsync(URI.create("ws://localhost:" + port + "/api/v1/locations/stream?access_token=" + token), client)
			.get(10, TimeUnit.SECONDS);
		return client;
	}

	/**
	 * Sends a stream upgrade request by hand, with {@code headerLines} ("Name: value")
	 * beside the required ones, and returns what came back: the head of a 101, or a
	 * refusal's head and body (read until the body's end, the socket's or 5 s).
	 */
	public static String rawHandshake(int port, String... headerLines) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(5_000);
			StringBuilder request = new StringBuilder("GET /api/v1/locations/stream HTTP/1.1\r\nHost: localhost:")
				.append(port)
				.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
				.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
			for (String line : headerLines) {
				request.append(line).append("\r\n");
			}
			socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			try {
				for (int read = in.read(); read >= 0; read = in.read()) {
					answer.write(read);
					String sofar = answer.toString(StandardCharsets.UTF_8);
					boolean headDone = sofar.contains("\r\n\r\n");
					if ((headDone && sofar.startsWith("HTTP/1.1 101 ")) || sofar.endsWith("}")) {
						break;
					}
				}
			}
			catch (SocketTimeoutException ex) {
				// what arrived is the answer
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

	public void send(String text) {
		this.socket.sendText(text, true).join();
	}

	/** The next message, waiting up to 10 s; fails when none arrives. */
	public Map<String, Object> next() throws InterruptedException {
		Map<String, Object> message = this.messages.poll(10, TimeUnit.SECONDS);
		if (message == null) {
			throw new AssertionError("no message within 10 s");
		}
		return message;
	}

	/** The next message of a type, skipping others. */
	public Map<String, Object> next(String type) throws InterruptedException {
		while (true) {
			Map<String, Object> message = next();
			if (type.equals(message.get("type"))) {
				return message;
			}
		}
	}

	/**
	 * The next message of a type about a user. Messages of that type about others are set
	 * aside for a later call: pub/sub messages are dispatched on separate threads, so
	 * moves of different users may reach the client in any order.
	 */
	public Map<String, Object> next(String type, Object userId) throws InterruptedException {
		for (var iterator = this.setAside.iterator(); iterator.hasNext();) {
			Map<String, Object> message = iterator.next();
			if (type.equals(message.get("type")) && userId.toString().equals(message.get("userID"))) {
				iterator.remove();
				return message;
			}
		}
		while (true) {
			Map<String, Object> message = next(type);
			if (userId.toString().equals(message.get("userID"))) {
				return message;
			}
			this.setAside.add(message);
		}
	}

	/** A message if one arrives within the wait, else null. */
	public Map<String, Object> poll(Duration wait) throws InterruptedException {
		return this.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Sends a ping and waits for its pong: everything the server sent before is in. */
	public void roundTrip() throws InterruptedException {
		send("{\"type\":\"ping\"}");
		next("pong");
	}

	/** The close code the server sent, waiting up to 10 s. */
	public int closeCode() throws Exception {
		return this.closed.get(10, TimeUnit.SECONDS);
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			@SuppressWarnings("unchecked")
			Map<String, Object> message = JSON.readValue(this.partial.toString(), Map.class);
			this.messages.add(message);
			this.partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(-1);
	}

	@Override
	public void close() {
		if (!this.socket.isOutputClosed()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
		}
		this.socket.abort();
	}

}
