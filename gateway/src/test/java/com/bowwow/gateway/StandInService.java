package com.bowwow.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for a downstream service: it answers {@code /health},
 * serves an OpenAPI document at {@code /v3/api-docs} when given one, accepts WebSocket
 * upgrades (greeting with the credentials it received, then echoing), never answers a
 * path ending in {@code /never-answers}, and answers every other request with a JSON
 * description of what reached it, body included.
 */
final class StandInService {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final DisposableServer server;

	private final String apiDocs;

	private final Queue<String> seen = new ConcurrentLinkedQueue<>();

	private StandInService(String apiDocs) {
		this.apiDocs = apiDocs;
		this.server = HttpServer.create().host("localhost").port(0).handle((request, response) -> {
			this.seen.add(request.fullPath());
			if (request.requestHeaders().containsValue("Upgrade", "websocket", true)) {
				String greeting = "connected authorization=" + request.requestHeaders().get("Authorization") + " uri="
						+ request.uri() + " user=" + request.requestHeaders().get("X-User-Id") + " request-id="
						+ request.requestHeaders().get("X-Request-Id");
				return response.sendWebsocket((in, out) -> out
					.sendString(Mono.just(greeting).concatWith(in.receive().asString().map((text) -> "echo:" + text))));
			}
			if (request.fullPath().endsWith("/never-answers")) {
				// a service that hangs: holds the request far longer than the gateway
				// waits
				return Mono.delay(java.time.Duration.ofSeconds(60)).then(response.send());
			}
			if (request.fullPath().equals("/health")) {
				return response.header("Content-Type", "application/json")
					.sendString(Mono.just("{\"status\":\"healthy\"}"));
			}
			if (request.fullPath().equals("/v3/api-docs")) {
				if (this.apiDocs == null) {
					return response.status(404).send();
				}
				return response.header("Content-Type", "application/json").sendString(Mono.just(this.apiDocs));
			}
			String requestId = request.requestHeaders().get("X-Request-Id");
			if (requestId != null) {
				// as every service does (common's RequestIdFilter)
				response.header("X-Request-Id", requestId);
			}
			return response.header("Content-Type", "application/json")
				.sendString(request.receive()
					.aggregate()
					.asString()
					.defaultIfEmpty("")
					.map((body) -> describe(request, body)));
		}).bindNow();
	}

	static StandInService start() {
		return new StandInService(null);
	}

	static StandInService withApiDocs(String apiDocs) {
		return new StandInService(apiDocs);
	}

	String url() {
		return "http://localhost:" + this.server.port();
	}

	/** Whether any request for this path (without query) reached the service. */
	boolean received(String path) {
		return this.seen.contains(path);
	}

	private static String describe(HttpServerRequest request, String body) {
		Map<String, String> headers = new TreeMap<>();
		request.requestHeaders()
			.forEach((header) -> headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
					(a, b) -> a + "," + b));
		return json.writeValueAsString(Map.of("method", request.method().name(), "path", request.fullPath(), "uri",
				request.uri(), "headers", headers, "body", body));
	}

	/** A port nothing listens on: a service that is down. */
	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
