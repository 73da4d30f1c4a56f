package com.bowwow.gateway.express;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;

/**
 * The routes that may take the express lane.
 *
 * @param enabled false sends every request through the full filter chain
 * @param verifyNewTokens whether a token the edge has not verified yet is verified in the
 * lane (false: its first request takes the full chain)
 * @param routes exact method and path of each hot route, and the service behind it (a key
 * of {@code bowwow.gateway.services}; its circuit breaker is the route's)
 */
@ConfigurationProperties("bowwow.gateway.express")
record ExpressProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean verifyNewTokens,
		@DefaultValue List<Route> routes) {

	/**
	 * @param method the route's one method
	 * @param path the exact path, canonical; a last segment {@code *} stands for one
	 * segment of unreserved characters (a user ID)
	 * @param service the service that answers it
	 * @param query whether the route takes a query string (else a query sends the request
	 * to the full chain)
	 */
	record Route(HttpMethod method, String path, String service, @DefaultValue("false") boolean query) {
	}

}
