/**
 * What other services exchange with location-service, so they depend on this contract
 * rather than on the service's code.
 * <ul>
 * <li>{@link com.bowwow.location.api.UsersWithin}: the internal query
 * {@code GET /internal/locations/within} (service-to-service only, never routed by the
 * gateway) that signal-service uses to find who a wave can reach.</li>
 * <li>{@link com.bowwow.location.api.UserMessages}: the Redis pub/sub channel on which
 * other services hand location-service a message for a user's open WebSocket connections
 * ({@code signal_received}), whichever instance holds them.</li>
 * </ul>
 */
package com.bowwow.location.api;
