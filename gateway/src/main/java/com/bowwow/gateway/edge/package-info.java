/**
 * What every request meets at the edge: request IDs, the body limit, circuit-breaker
 * fallbacks and problem responses.
 */
package com.bowwow.gateway.edge;
