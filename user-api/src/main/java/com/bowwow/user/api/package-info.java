/**
 * What user-service tells the other services.
 * <ul>
 * <li>{@link com.bowwow.user.api.UserEvent} records on the Redis Stream
 * {@value com.bowwow.user.api.UserEvents#STREAM} (descriptor
 * {@link com.bowwow.user.api.UserEvents#DESCRIPTOR}), published through user-service's
 * transactional outbox. Each stream entry carries {@code eventId}, {@code type} (the
 * record's simple name) and {@code payload} (the record as JSON); a serialised example of
 * each type is under {@code examples/} beside these classes, and every consumer's tests
 * read them back. Delivery is at least once, so consumers deduplicate (the operations are
 * naturally idempotent: apply settings, delete everything of a user).</li>
 * <li>{@link com.bowwow.user.api.PushTarget}: the internal push-target query of
 * push-service.</li>
 * </ul>
 */
package com.bowwow.user.api;
