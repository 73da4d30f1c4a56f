package com.bowwow.gateway.security;

import java.util.List;

import com.bowwow.gateway.edge.ProxiedRequestHeaders;
import com.bowwow.gateway.ratelimit.EdgeChecks;
import com.bowwow.gateway.ratelimit.RateLimits;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * One Redis round trip per API request, before authentication. When the request carries a
 * token the cache already verified (the steady state of a phone), the client's buckets,
 * the user's standing and the user's bucket are checked together; the decoder behind
 * Spring Security then only reads the cache. Otherwise only the client's buckets are
 * taken here, before any signature is checked (so floods of bad tokens are limited too),
 * and the decoder checks the standing and the user's bucket once the token is verified:
 * two round trips, once per token every few minutes.
 */
class EdgeAdmissionFilter implements WebFilter {

	private final ServerAuthenticationConverter tokens;

	private final KnownTokens known;

	private final RateLimits rateLimits;

	EdgeAdmissionFilter(ServerAuthenticationConverter tokens, KnownTokens known, RateLimits rateLimits) {
		this.tokens = tokens;
		this.known = known;
		this.rateLimits = rateLimits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith(RateLimits.API_PREFIX)) {
			return chain.filter(exchange);
		}
		List<EdgeChecks.Bucket> client = this.rateLimits.clientBuckets(exchange.getRequest());
		return knownToken(exchange)
			// Off Redis's I/O threads: what follows (routing, the proxied call) would
			// otherwise delay every other request's Redis replies.
			.map((known) -> this.known.admit(known, client).publishOn(Schedulers.parallel()).then(Mono.defer(() -> {
				// The user the proxied request names (X-User-Id); authentication still
				// follows, and a refusal there means nothing is proxied.
				exchange.getAttributes().put(ProxiedRequestHeaders.AUTHENTICATED_USER, known.user().toString());
				return chain.filter(exchange);
			})).contextWrite((context) -> context.put(RevocationCheckingJwtDecoder.CHECKED_TOKEN, known.token())))
			.defaultIfEmpty(
					Mono.defer(() -> this.known.admitClient(client).then(Mono.defer(() -> chain.filter(exchange)))))
			.flatMap((next) -> next);
	}

	/** The request's token, if the cache holds it verified; empty otherwise. */
	private Mono<KnownTokens.Known> knownToken(ServerWebExchange exchange) {
		return this.tokens.convert(exchange)
			// A malformed Authorization header is Spring Security's to refuse (401).
			.onErrorResume((ex) -> Mono.empty())
			.filter(BearerTokenAuthenticationToken.class::isInstance)
			.mapNotNull((authentication) -> this.known
				.ofToken(((BearerTokenAuthenticationToken) authentication).getToken()));
	}

}
