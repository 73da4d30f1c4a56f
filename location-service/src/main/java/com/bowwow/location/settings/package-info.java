/**
 * What location-service knows about users' settings: a local projection of user-service's
 * events ({@code UserRegistered}, {@code UserSettingsChanged}, {@code UserDeleted} on the
 * Redis Stream {@code bowwow:events:user}), so nearby and the stream keep working from
 * local data when user-service is down.
 * {@link com.bowwow.location.settings.UserEventHandler} is what the stream consumer
 * calls; applying an event is idempotent and order-safe (an event older than the one
 * applied last is ignored; a deletion is final). Users deleted by user-service are hidden
 * at once through its recently-deleted Redis set
 * ({@link com.bowwow.location.settings.UserSettingsStore#invisibleAmong}, used by nearby,
 * within and positions), before {@code UserDeleted} erases their position and index
 * entry.
 */
package com.bowwow.location.settings;
