package com.bowwow.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
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

	private static final int PATIENT_ATTEMPTS = 4;

	private static final long MAX_RETRY_AFTER_SECONDS = 10;

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
	 * Sends a request; never fails: a request without an answer gives status -1. Counts
	 * nothing.
	 * @param token bearer token or null
	 * @param body JSON or null
	 */
	private Mono<Response> exchange(HttpMethod method, String path, String token, String body) {
		byte[] bytes = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : null;
		HttpClient configured = this.client.headers((headers) -> {
			if (token != null) {
				headers.set("Authorization", "Bearer " + token);
			}
			if (bytes != null) {
				headers.set("Content-Type", "application/json");
				// As the phones send a body: its length declared, not chunked.
				headers.setInt("Content-Length", bytes.length);
			}
		});
		HttpClient.ResponseReceiver<?> receiver = (bytes != null)
				? configured.request(method).uri(path).send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
				: configured.request(method).uri(path);
		return receiver
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((text) -> new Response(response.status().code(), text,
						retryAfterSeconds(response.responseHeaders().get("Retry-After")))))
			.onErrorResume((ex) -> Mono.just(new Response(-1, ex.getClass().getSimpleName(), -1)));
	}

	/**
	 * Sends a request as a measured operation: whatever is not 2xx counts as an error.
	 * @see #exchange
	 */
	public Mono<Response> send(HttpMethod method, String path, String endpoint, String token, String body) {
		return exchange(method, path, token, body).doOnNext((response) -> countIfFailed(endpoint, response));
	}

	/**
	 * Sends a request as the app does outside a measurement (setting up the population):
	 * an answer that sheds load ({@code 503} or {@code 429} with {@code Retry-After}) is
	 * retried after the time it asks for, up to {@value #PATIENT_ATTEMPTS} attempts. Each
	 * shed answer is listed in the report as shed, not hidden; only the last answer can
	 * count as an error.
	 */
	public Mono<Response> sendPatiently(HttpMethod method, String path, String endpoint, String token, String body) {
		return sendPatiently(method, path, endpoint, token, body, 1);
	}

	private Mono<Response> sendPatiently(HttpMethod method, String path, String endpoint, String token, String body,
			int attempt) {
		return exchange(method, path, token, body).flatMap((response) -> {
			boolean shed = (response.status() == 503 || response.status() == 429) && response.retryAfterSeconds() >= 0;
			if (!shed || attempt >= PATIENT_ATTEMPTS) {
				countIfFailed(endpoint, response);
				return Mono.just(response);
			}
			this.errors.shed(this.name + " " + endpoint, response.status() + problemCode(response.body()));
			long waitSeconds = Math.min(response.retryAfterSeconds(), MAX_RETRY_AFTER_SECONDS);
			return Mono.delay(Duration.ofSeconds(waitSeconds))
				.then(sendPatiently(method, path, endpoint, token, body, attempt + 1));
		});
	}

	private void countIfFailed(String endpoint, Response response) {
		String label = this.name + " " + endpoint;
		if (response.status() < 0) {
			this.errors.add(label, response.body());
		}
		else if (!response.ok()) {
			this.errors.add(label, response.status() + problemCode(response.body()));
		}
	}

	private static long retryAfterSeconds(String header) {
		if (header == null) {
			return -1;
		}
		try {
			return Long.parseLong(header.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
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
	 * @param body the body as text (the failure when no answer came)
	 * @param retryAfterSeconds the {@code Retry-After} header in seconds, -1 without one
	 */
	public record Response(int status, String body, long retryAfterSeconds) {

		public boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
