package com.bowwow.gateway.express;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import com.bowwow.gateway.GatewayProperties;
import com.bowwow.gateway.edge.ProblemExceptionHandler;
import com.bowwow.gateway.ratelimit.RateLimits;
import com.bowwow.gateway.security.KnownTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Puts the {@link ExpressLane} in front of the gateway's handler, for the routes
 * {@code bowwow.gateway.express.routes} names.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExpressProperties.class)
class ExpressLaneConfiguration {

	static final String TAKEN = "bowwow.gateway.express.requests";

	/**
	 * Paths that may never take the lane: it admits by user token only, while these are
	 * public (a token is ignored there), operator-only, or the stream's upgrade.
	 */
	private static final String[] NEVER = { "/api/v1/users/register", "/api/v1/users/token", "/api/v1/docs/**",
			"/api/v1/analytics/**", "/api/v1/push/operator/**", "/api/v1/operator/**", "/api/v1/locations/stream" };

	@Bean
	HttpHandlerDecoratorFactory expressLane(ExpressProperties properties, GatewayProperties gateway, KnownTokens tokens,
			RateLimits rateLimits, ProblemExceptionHandler problems, HttpClient httpClient,
			HttpClientProperties httpClientProperties, ReactiveCircuitBreakerFactory<?, ?> breakers,
			@Value("${bowwow.web.max-request-body:64KB}") DataSize bodyLimit, MeterRegistry meters,
			ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<ServerRequestObservationConvention> convention) {
		if (!properties.enabled() || properties.routes().isEmpty()) {
			return (handler) -> handler;
		}
		Map<String, ExpressLane.Lane> lanes = new HashMap<>();
		for (ExpressProperties.Route route : properties.routes()) {
			URI service = gateway.services().get(route.service());
			if (service == null || route.method() == null || !eligible(route.path())) {
				throw new IllegalStateException("bowwow.gateway.express: " + route + " needs a method, a known service "
						+ "and an exact, canonical, user-token path under /api/v1/ (a last segment may be *)");
			}
			lanes.put(route.path(),
					new ExpressLane.Lane(route.method(), route.path(), route.service(),
							service.toString().replaceAll("/$", ""), route.query(), breakers.create(route.service()),
							Counter.builder(TAKEN)
								.description("Requests that took the express lane")
								.tag("path", route.path())
								.register(meters)));
		}
		// The gateway's own client (pool, connect timeout), with the response timeout
		// Spring Cloud Gateway applies per request.
		HttpClient client = (httpClientProperties.getResponseTimeout() != null)
				? httpClient.responseTimeout(httpClientProperties.getResponseTimeout()) : httpClient;
		return (handler) -> new ExpressLane(handler, properties.verifyNewTokens(), Map.copyOf(lanes), tokens,
				rateLimits, problems, client, bodyLimit.toBytes(),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				convention.getIfAvailable(DefaultServerRequestObservationConvention::new));
	}

	static boolean eligible(String path) {
		if (path != null && path.endsWith(ExpressLane.ONE_SEGMENT)) {
			path = path.substring(0, path.length() - ExpressLane.ONE_SEGMENT.length()) + "/x";
		}
		if (path == null || !path.startsWith(RateLimits.API_PREFIX) || path.contains("*") || path.contains("{")
				|| path.contains("?") || path.contains("%") || path.contains("//") || path.contains("/.")
				|| path.contains(";") || path.endsWith("/")) {
			return false;
		}
		PathContainer container = PathContainer.parsePath(path);
		for (String never : NEVER) {
			if (PathPatternParser.defaultInstance.parse(never).matches(container)) {
				return false;
			}
		}
		return true;
	}

}
