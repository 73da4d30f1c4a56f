package com.bowwow.gateway.express;

import java.util.function.BiConsumer;
import java.util.function.Predicate;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The response headers Spring Security's default header writers add in the full chain, by
 * the same rules: each only when the response lacks it, the cache-control group only when
 * the response has none of its three and not on 304, HSTS only over HTTPS (the lane never
 * takes HTTPS: TLS ends at the load balancer). {@code ExpressLaneTests} compares both
 * lanes' responses, so a change in Spring Security's defaults fails there.
 */
final class SecurityResponseHeaders {

	private SecurityResponseHeaders() {
	}

	/** On a response proxied natively. */
	static void apply(HttpHeaders headers, int status) {
		apply(headers::contains, headers::set, status);
	}

	/** On a problem written through Spring's response. */
	static void apply(org.springframework.http.HttpHeaders headers, int status) {
		apply(headers::containsHeader, headers::set, status);
	}

	private static void apply(Predicate<String> present, BiConsumer<String, String> set, int status) {
		if (status != 304 && !present.test("Cache-Control") && !present.test("Expires") && !present.test("Pragma")) {
			set.accept("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
			set.accept("Pragma", "no-cache");
			set.accept("Expires", "0");
		}
		setIfAbsent(present, set, "X-Content-Type-Options", "nosniff");
		setIfAbsent(present, set, "X-Frame-Options", "DENY");
		setIfAbsent(present, set, "X-XSS-Protection", "0");
		setIfAbsent(present, set, "Referrer-Policy", "no-referrer");
	}

	private static void setIfAbsent(Predicate<String> present, BiConsumer<String, String> set, String name,
			String value) {
		if (!present.test(name)) {
			set.accept(name, value);
		}
	}

}
