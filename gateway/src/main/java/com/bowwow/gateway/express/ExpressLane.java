package com.bowwow.gateway.express;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.bowwow.common.web.RequestIds;
import com.bowwow.gateway.edge.FallbackController;
import com.bowwow.gateway.edge.InternalHeaderStrippingWebFilter;
import com.bowwow.gateway.edge.ProblemExceptionHandler;
import com.bowwow.gateway.edge.ProxiedRequestHeaders;
import com.bowwow.gateway.ratelimit.EdgeChecks;
import com.bowwow.gateway.ratelimit.RateLimits;
import com.bowwow.gateway.security.FirewallCharacters;
import com.bowwow.gateway.security.KnownTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;

/**
 * In front of the gateway's WebFlux handler: a request to a hot route in its common shape
 * (HTTP/1.1, a bearer token, a declared body within the limit, a canonical path, a query
 * only where the route takes one, no CORS, no reserved headers, every header within the
 * firewall's character rules) is admitted with one Redis round trip when the edge already
 * verified its token (two and a signature check when it is new), and proxied on Reactor
 * Netty directly. Spring Cloud Gateway's exchange, filter chains and operators around the
 * same proxying cost about three times what the proxying itself costs per request (bench
 * README, "The edge's floor"), and a phone's location updates and nearby polls are most
 * of the traffic. Every other request, and every request the lane is unsure of (a token
 * it cannot verify among them), goes to the full chain untouched: that is where paths are
 * canonicalised and odd requests are refused.
 *
 * <p>
 * What a client and the service see is the full chain's: the request ID, the
 * authenticated {@code X-User-Id}, hop-by-hop and forwarding headers removed, the
 * security response headers, the route's circuit breaker and fallback problems, refusals
 * from the same admission, and the {@code http.server.requests} observation.
 * {@code ExpressLaneTests} holds both lanes to that.
 */
final class ExpressLane implements HttpHandler {

	/**
	 * Headers that send a request to the full chain: CORS, upgrades, streamed bodies,
	 * {@code 100-continue}.
	 */
	private static final String[] TO_CHAIN = { "Origin", "Transfer-Encoding", "Upgrade", "Expect" };

	/**
	 * Request headers the gateway never passes on: hop-by-hop (Spring Cloud Gateway's
	 * list), the client's host, {@code Forwarded} (and every {@code X-Forwarded-*}: the
	 * gateway passes no forwarding claims on), and the request ID, which is replaced.
	 */
	private static final String[] NOT_PROXIED = { "Connection", "Keep-Alive", "TE", "Trailer", "Proxy-Authorization",
			"Proxy-Authenticate", "Proxy-Connection", "Host", "Forwarded", RequestIds.HEADER };

	/** Response headers never passed back (hop-by-hop). */
	private static final String[] NOT_RETURNED = { "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer",
			"Upgrade", "Proxy-Authenticate", "Proxy-Authorization", "X-Application-Context" };

	/** A route's last segment that stands for one segment of unreserved characters. */
	static final String ONE_SEGMENT = "/*";

	private static final ServerRequestObservationConvention DEFAULT_CONVENTION = new DefaultServerRequestObservationConvention();

	private final HttpHandler chain;

	private final boolean verifyNewTokens;

	private final Map<String, Lane> lanes;

	private final KnownTokens tokens;

	private final RateLimits rateLimits;

	private final ProblemExceptionHandler problems;

	private final HttpClient client;

	private final long bodyLimit;

	private final ObservationRegistry observations;

	private final ServerRequestObservationConvention convention;

	ExpressLane(HttpHandler chain, boolean verifyNewTokens, Map<String, Lane> lanes, KnownTokens tokens,
			RateLimits rateLimits, ProblemExceptionHandler problems, HttpClient client, long bodyLimit,
			ObservationRegistry observations, ServerRequestObservationConvention convention) {
		this.chain = chain;
		this.verifyNewTokens = verifyNewTokens;
		this.lanes = lanes;
		this.tokens = tokens;
		this.rateLimits = rateLimits;
		this.problems = problems;
		this.client = client;
		this.bodyLimit = bodyLimit;
		this.observations = observations;
		this.convention = convention;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		Lane lane = lane(request.getPath().value());
		if (lane == null || !lane.method().equals(request.getMethod())
				|| !(request instanceof AbstractServerHttpRequest serverRequest)
				|| !(serverRequest.getNativeRequest() instanceof HttpServerRequest in)
				|| !(response instanceof AbstractServerHttpResponse serverResponse)
				|| !(serverResponse.getNativeResponse() instanceof HttpServerResponse out)) {
			return this.chain.handle(request, response);
		}
		String token = admissible(lane, request, in);
		if (token == null) {
			return this.chain.handle(request, response);
		}
		List<EdgeChecks.Bucket> client = this.rateLimits.clientBuckets(request);
		KnownTokens.Known known = this.tokens.ofToken(token);
		if (known != null) {
			return express(lane, request, in, out, response, this.tokens.admit(known, client).thenReturn(known));
		}
		if (!this.verifyNewTokens) {
			return this.chain.handle(request, response);
		}
		// A token the cache does not hold yet, in the full chain's order: the client's
		// buckets first (a flood of bad tokens costs no signature checks beyond them),
		// then the signature and claims, then the user's standing and bucket. After a
		// deploy or a scale-out every phone's token is new to a task at once. The lane's
		// observation starts once it takes the request: after the signature check.
		return this.tokens.admitClient(client)
			.then(this.tokens.verify(token))
			.map((verified) -> express(lane, request, in, out, response,
					this.tokens.admit(verified, List.of()).thenReturn(verified)))
			.onErrorResume((refused) -> Mono.just(express(lane, request, in, out, response, Mono.error(refused))))
			// Not valid: the full chain refuses it as it always has (taking from the
			// client's buckets a second time).
			.switchIfEmpty(Mono.fromSupplier(() -> this.chain.handle(request, response)))
			.flatMap((next) -> next);
	}

	/**
	 * Serves a request in the lane: observed as the full chain observes it, proxied as
	 * the user {@code admission} yields, refused as the chain refuses when it fails.
	 */
	private Mono<Void> express(Lane lane, ServerHttpRequest request, HttpServerRequest in, HttpServerResponse out,
			ServerHttpResponse response, Mono<KnownTokens.Known> admission) {
		lane.taken().increment();
		String requestId = RequestIds.acceptOrCreate(in.requestHeaders().get(RequestIds.HEADER));
		ServerRequestObservationContext context = new ServerRequestObservationContext(request, response,
				request.getAttributes());
		Observation observation = ServerHttpObservationDocumentation.HTTP_REACTIVE_SERVER_REQUESTS
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.observations)
			.start();
		return admission.flatMap(
				(known) -> lane.breaker().run(proxy(lane, request, in, out, response, requestId, known), (failure) -> {
					// counted as the full chain counts its fallbacks
					context.setPathPattern(FallbackController.PATH);
					return Mono.error(FallbackController.answer(lane.method() + " " + lane.path(), lane.service(),
							timeoutAsSuch(failure)));
				}))
			.onErrorResume((failure) -> {
				// as the full chain's exception handler reports it
				context.setError(failure);
				return refuse(request, response, out, requestId, failure);
			})
			.doFinally((signal) -> {
				if (signal == SignalType.CANCEL) {
					context.setConnectionAborted(true);
				}
				observation.stop();
			});
	}

	/**
	 * The lane of a path: its exact route, or the route whose last segment {@code *} the
	 * path's last segment fills with unreserved characters only (so the path is
	 * canonical).
	 */
	private Lane lane(String path) {
		Lane exact = this.lanes.get(path);
		if (exact != null) {
			return exact;
		}
		int last = path.lastIndexOf('/');
		if (last <= 0 || last == path.length() - 1 || !unreserved(path, last + 1)) {
			return null;
		}
		return this.lanes.get(path.substring(0, last) + ONE_SEGMENT);
	}

	private static boolean unreserved(String path, int from) {
		if (path.startsWith(".", from) && (path.length() == from + 1 || path.startsWith("..", from))) {
			return false;
		}
		for (int i = from; i < path.length(); i++) {
			char c = path.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The client's bearer token if the request may take the lane; {@code null} otherwise.
	 */
	private String admissible(Lane lane, ServerHttpRequest request, HttpServerRequest in) {
		if (request.getSslInfo() != null || !HttpVersion.HTTP_1_1.equals(in.version())) {
			return null;
		}
		if (request.getURI().getRawQuery() != null && !(lane.query() && queryWithinFirewall(request))) {
			return null;
		}
		String authorization = null;
		boolean lengthDeclared = false;
		for (Map.Entry<String, String> header : in.requestHeaders()) {
			String name = header.getKey();
			String value = header.getValue();
			if (!FirewallCharacters.assignedAndNotControl(name) || !FirewallCharacters.headerValue(value)
					|| InternalHeaderStrippingWebFilter.isReserved(name) || isAny(name, TO_CHAIN)) {
				return null;
			}
			if (name.equalsIgnoreCase("Authorization")) {
				if (authorization != null) {
					return null;
				}
				authorization = value;
			}
			else if (name.equalsIgnoreCase("Content-Length")) {
				if (lengthDeclared || !withinLimit(value)) {
					return null;
				}
				lengthDeclared = true;
			}
		}
		// A body is declared, or there is none: GET without Content-Length.
		return (lengthDeclared || HttpMethod.GET.equals(lane.method())) ? KnownTokens.bearer(authorization) : null;
	}

	/**
	 * The firewall's character rule for parameter names, on the decoded query, and the
	 * same rule for values, which the chain's firewall does not check: a query the lane
	 * doubts goes to the full chain, which decides.
	 */
	private static boolean queryWithinFirewall(ServerHttpRequest request) {
		for (Map.Entry<String, java.util.List<String>> parameter : request.getQueryParams().entrySet()) {
			if (!FirewallCharacters.assignedAndNotControl(parameter.getKey())) {
				return false;
			}
			for (String value : parameter.getValue()) {
				if (!FirewallCharacters.assignedAndNotControl(value)) {
					return false;
				}
			}
		}
		return true;
	}

	private boolean withinLimit(String contentLength) {
		try {
			long length = Long.parseLong(contentLength);
			return length >= 0 && length <= this.bodyLimit;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private Mono<Void> proxy(Lane lane, ServerHttpRequest request, HttpServerRequest in, HttpServerResponse out,
			ServerHttpResponse response, String requestId, KnownTokens.Known known) {
		return this.client.headers((headers) -> {
			for (Map.Entry<String, String> header : in.requestHeaders()) {
				if (!isAny(header.getKey(), NOT_PROXIED) && !isForwarding(header.getKey())) {
					headers.add(header.getKey(), header.getValue());
				}
			}
			headers.set(RequestIds.HEADER, requestId);
			headers.set(ProxiedRequestHeaders.USER_HEADER, known.user().toString());
		}).request(in.method()).uri(upstream(lane, request)).send(in.receive().retain()).response((answer, body) -> {
			int status = answer.status().code();
			response.setStatusCode(HttpStatusCode.valueOf(status));
			HttpHeaders headers = new DefaultHttpHeaders();
			for (Map.Entry<String, String> header : answer.responseHeaders()) {
				if (!isAny(header.getKey(), NOT_RETURNED) && !header.getKey().equalsIgnoreCase(RequestIds.HEADER)) {
					headers.add(header.getKey(), header.getValue());
				}
			}
			headers.set(RequestIds.HEADER, requestId);
			SecurityResponseHeaders.apply(headers, status);
			return out.status(answer.status()).headers(headers).send(body.retain());
		}).then();
	}

	/** The service's URL for the request: its path (canonical), and its query as sent. */
	private static String upstream(Lane lane, ServerHttpRequest request) {
		String query = request.getURI().getRawQuery();
		return lane.base() + request.getPath().value() + ((query != null) ? "?" + query : "");
	}

	/** A refusal or a fallback as the full chain answers it. */
	private Mono<Void> refuse(ServerHttpRequest request, ServerHttpResponse response, HttpServerResponse out,
			String requestId, Throwable failure) {
		if (out.hasSentHeaders()) {
			// The service's answer had begun: the connection ends, as in the full chain.
			return Mono.error(failure);
		}
		response.beforeCommit(() -> {
			response.getHeaders().set(RequestIds.HEADER, requestId);
			HttpStatusCode status = response.getStatusCode();
			SecurityResponseHeaders.apply(response.getHeaders(), (status != null) ? status.value() : 0);
			return Mono.empty();
		});
		return this.problems.write(response, request.getPath().value(), requestId, failure);
	}

	/** Reactor Netty's response timeout, as the fallback knows a timeout. */
	private static Throwable timeoutAsSuch(Throwable failure) {
		return (failure instanceof ReadTimeoutException) ? new TimeoutException("no response in time") : failure;
	}

	private static boolean isForwarding(String name) {
		return name.regionMatches(true, 0, "X-Forwarded-", 0, 12);
	}

	private static boolean isAny(String name, String[] names) {
		for (String candidate : names) {
			if (candidate.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A hot route as the lane serves it.
	 *
	 * @param method its method
	 * @param path its exact path
	 * @param service the service's name (the circuit breaker's and the fallback's)
	 * @param base the service's URL, to which the request's path and query are appended
	 * @param query whether a query string may take the lane
	 * @param breaker the route's circuit breaker, shared with the full chain
	 * @param taken requests that took the lane
	 */
	record Lane(HttpMethod method, String path, String service, String base, boolean query,
			ReactiveCircuitBreaker breaker, Counter taken) {
	}

}
