package com.bowwow.bench.ceiling;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor of a JVM edge on this machine: a reverse proxy on Reactor Netty, the server
 * and client the gateway runs on, that forwards every request as it came over pooled
 * keep-alive connections and does nothing else (no routes, filters, security, rate limits
 * or metrics). {@code request-path/run.sh} measures it beside the gateway, so the
 * gateway's CPU per request splits into what any proxy on this stack costs and what ours
 * adds to it.
 *
 * <pre>
 * java -cp … com.bowwow.bench.ceiling.BareEdge 8009 http://localhost:8002
 * </pre>
 */
public final class BareEdge {

	private BareEdge() {
	}

	public static void main(String[] args) {
		if (args.length != 2) {
			System.err.println("usage: BareEdge PORT UPSTREAM_URL");
			System.exit(2);
		}
		HttpClient upstream = HttpClient.create(ConnectionProvider.create("upstream", 64)).baseUrl(args[1]);
		DisposableServer server = HttpServer.create()
			.port(Integer.parseInt(args[0]))
			.handle((request, response) -> upstream.headers((headers) -> {
				headers.set(request.requestHeaders());
				headers.remove(HttpHeaderNames.HOST).remove(HttpHeaderNames.CONNECTION);
			})
				.request(request.method())
				.uri(request.uri())
				.send(request.receive().retain())
				.response((answer, body) -> response.status(answer.status())
					.headers(answer.responseHeaders()
						.copy()
						.remove(HttpHeaderNames.TRANSFER_ENCODING)
						.remove(HttpHeaderNames.CONNECTION))
					.send(body.retain())))
			.bindNow();
		System.out.println("BareEdge on :" + server.port() + " -> " + args[1]);
		server.onDispose().block();
	}

}
