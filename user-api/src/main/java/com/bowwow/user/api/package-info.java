/**
 * What user-service announces to the other services:
 * {@link com.bowwow.user.api.UserEvent} records on the Redis Stream
 * {@value com.bowwow.user.api.UserEvents#STREAM}, published through user-service's
 * transactional outbox. Each stream entry carries {@code eventId}, {@code type} (the
 * record's simple name) and {@code payload} (the record as JSON);
 * {@link com.bowwow.user.api.UserEvents#read} turns an entry back into the record.
 * Delivery is at least once, so consumers deduplicate (the operations are naturally
 * idempotent: apply settings, delete everything of a user).
 */
package com.bowwow.user.api;
