package com.bowwow.gateway.edge;

import com.bowwow.common.web.RequestIds;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers the gateway adds to what it proxies, HTTP and the stream's upgrade alike:
 * the request ID ({@link RequestIdWebFilter}) and the user it authenticated
 * ({@code X-User-Id}, for the service's logs: services verify the token themselves and
 * never authorize on it). Written into the copy of the headers the gateway already builds
 * for the upstream request, last, instead of mutating the request in a web filter: each
 * mutation copied the headers and wrapped the exchange once more, and every later look-up
 * of an exchange attribute walked those wrappers.
 */
@Component
public class ProxiedRequestHeaders implements HttpHeadersFilter, Ordered {

	/**
	 * Exchange attribute: the authenticated user's ID, set once authentication succeeded.
	 */
	public static final String AUTHENTICATED_USER = ProxiedRequestHeaders.class.getName() + ".user";

	/**
	 * Informational only; whatever a client sent under this name was removed at the edge.
	 */
	public static final String USER_HEADER = "X-User-Id";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		String requestId = exchange.getAttribute(RequestIdWebFilter.ATTRIBUTE);
		String user = exchange.getAttribute(AUTHENTICATED_USER);
		if (requestId == null && user == null) {
			return input;
		}
		HttpHeaders headers = writable(input);
		if (requestId != null) {
			headers.set(RequestIds.HEADER, requestId);
		}
		if (user != null) {
			headers.set(USER_HEADER, user);
		}
		return headers;
	}

	/** After the gateway's own filters, which hand on a fresh, writable copy. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * The input if it can be written (removing our own header is the probe), else a copy.
	 */
	private static HttpHeaders writable(HttpHeaders input) {
		try {
			input.remove(USER_HEADER);
			return input;
		}
		catch (UnsupportedOperationException readOnly) {
			HttpHeaders copy = new HttpHeaders();
			copy.putAll(input);
			copy.remove(USER_HEADER);
			return copy;
		}
	}

}
