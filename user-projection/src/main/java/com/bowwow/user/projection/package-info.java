/**
 * The one local projection of user-service's events (settings and deletion tombstones)
 * that location-service and signal-service keep, with a hook for each to erase its own
 * data: {@link com.bowwow.user.projection.UserProjection}.
 */
package com.bowwow.user.projection;
