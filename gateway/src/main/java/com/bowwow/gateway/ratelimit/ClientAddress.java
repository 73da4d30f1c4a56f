package com.bowwow.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client's IP as far as the gateway can trust it. Each trusted proxy (the ALB)
 * appends the address it received the connection from to {@code X-Forwarded-For}, so the
 * client is the entry {@code trustedProxies} from the right; entries further left were
 * written by the client and could be anything.
 */
final class ClientAddress {

	private ClientAddress() {
	}

	public static String of(ServerHttpRequest request, int trustedProxies) {
		if (trustedProxies > 0) {
			List<String> hops = new ArrayList<>();
			for (String header : request.getHeaders().getOrEmpty("X-Forwarded-For")) {
				for (String hop : header.split(",")) {
					if (!hop.isBlank()) {
						hops.add(hop.trim());
					}
				}
			}
			if (!hops.isEmpty()) {
				// Fewer hops than trusted proxies: the leftmost is the furthest we can
				// see.
				return hops.get(Math.max(0, hops.size() - trustedProxies));
			}
		}
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
