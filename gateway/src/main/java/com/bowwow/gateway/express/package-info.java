/**
 * The express lane: the hot routes' common case (a phone's location update with a token
 * the edge already verified) proxied on Reactor Netty directly, with the same admission,
 * headers, circuit breaker, problems and metrics as the full filter chain, which takes
 * every other request.
 */
package com.bowwow.gateway.express;
