package com.bowwow.bench.load;

import java.time.Duration;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * One HTTP entry point of the system (the gateway, or location-service called directly),
 * with a bounded keep-alive pool. Every answer that is not 2xx, and every request that
 * gets none, is counted in the {@link ErrorLog} under this API's name and the endpoint.
 */
public final class Api {

	private static final java.util.regex.Pattern PROBLEM_CODE = java.util.regex.Pattern
		.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");

	private static final java.util.regex.Pattern PROBLEM_DETAIL = java.util.regex.Pattern
		.compile("\"detail\"\\s*:\\s*\"([^\"]*)\"");

	private final String name;

	private final HttpClient client;

	private final ConnectionProvider pool;

	private final ErrorLog errors;

	/**
	 * @param name how the report names this entry point
	 * @param baseUrl e.g. {@code http://localhost:28000}
	 * @param maxConnections keep-alive connections at most (requests beyond wait)
	 * @param errors where failures are counted
	 */
	public Api(String name, String baseUrl, int maxConnections, ErrorLog errors) {
		this.name = name;
		this.errors = errors;
		this.pool = ConnectionProvider.builder("bench-" + name)
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.build();
		this.client = HttpClient.create(this.pool).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(20));
	}

	public String name() {
		return this.name;
	}

	/**
	 * Sends a request; never fails: a request without an answer gives status -1.
	 * @param endpoint the path pattern for the report, e.g. {@code GET
	 * /api/v1/locations/nearby/{userID}}
	 * @param token bearer token or null
	 * @param body JSON or null
	 */
	public Mono<Response> send(HttpMethod method, String path, String endpoint, String token, String body) {
		HttpClient configured = this.client.headers((headers) -> {
			if (token != null) {
				headers.set("Authorization", "Bearer " + token);
			}
			if (body != null) {
				headers.set("Content-Type", "application/json");
			}
		});
		HttpClient.ResponseReceiver<?> receiver = (body != null)
				? configured.request(method).uri(path).send(ByteBufFlux.fromString(Mono.just(body)))
				: configured.request(method).uri(path);
		String label = this.name + " " + endpoint;
		return receiver
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((text) -> new Response(response.status().code(), text)))
			.doOnNext((response) -> {
				if (!response.ok()) {
					this.errors.add(label, response.status() + problemCode(response.body()));
				}
			})
			.onErrorResume((ex) -> {
				this.errors.failure(label, ex);
				return Mono.just(new Response(-1, ex.toString()));
			});
	}

	/**
	 * The stable {@code code} of a problem response, to tell causes of one status apart.
	 */
	private static String problemCode(String body) {
		java.util.regex.Matcher code = PROBLEM_CODE.matcher(body);
		java.util.regex.Matcher detail = PROBLEM_DETAIL.matcher(body);
		String text = detail.find() ? detail.group(1) : "";
		return (code.find() ? " " + code.group(1) : "")
				+ (text.isEmpty() ? "" : " (" + text.substring(0, Math.min(60, text.length())) + ")");
	}

	public void close() {
		this.pool.dispose();
	}

	/**
	 * @param status HTTP status, -1 when no answer came
	 * @param body the body as text
	 */
	public record Response(int status, String body) {

		public boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
