/**
 * {@code GET /api/v1/locations/nearby/{userID}}: who is around the caller, nearest first,
 * with distance in the caller's unit and the 8-point direction towards each, all measured
 * from the caller's true position to each other user's privacy-grid cell centre. Offline
 * callers get 409 {@code USER_OFFLINE}; blocked (either way), suspended and deleted users
 * (user-service's recently-deleted set, in force before its 204) are never listed;
 * PostgreSQL or Redis failing mid-request is a 503 with {@code Retry-After} (the common
 * problem advice); queries are rate limited per user. The search is an expanding-ring
 * query over the live index (see {@link com.bowwow.location.index.SpatialIndex#nearest}),
 * so its cost follows the number of results wanted rather than the number of people
 * inside the circle; users beyond Redis GEO's latitude limit are merged in from the polar
 * hash.
 */
package com.bowwow.location.nearby;
