/**
 * Durable events between services: a transactional outbox on the publishing side and
 * Redis Stream consumer groups on the receiving side.
 *
 * <h2>Publishing</h2> {@link com.bowwow.common.events.EventOutbox#publish} writes the
 * event into the {@code event_outbox} table of the service's own schema, in the caller's
 * transaction: the event exists if and only if the change it describes was committed. The
 * service creates the table with a Flyway migration (DDL in
 * {@code classpath:com/bowwow/common/events/event-outbox.sql}) and sets
 * {@code bowwow.events.outbox.enabled=true}. {@link com.bowwow.common.events.OutboxRelay}
 * then {@code XADD}s new rows to their stream and marks them published. One instance
 * relays at a time (a transaction-level advisory lock; the others skip that round), so
 * entries reach the stream in commit order per entity, even with several instances.
 * Delivery is at least once: a relay that dies between {@code XADD} and its commit sends
 * those rows again.
 *
 * <h2>Consuming</h2> {@link com.bowwow.common.events.EventSubscriptions#subscribe} runs a
 * consumer in the service's own consumer group: {@code XREADGROUP}, the handler, then
 * {@code XACK} only after the handler returned. A handler that throws leaves the entry
 * pending; entries pending longer than {@code claim-idle} (a failed attempt, or an
 * instance that crashed) are taken over with {@code XAUTOCLAIM} by any live instance of
 * the group. After {@code max-deliveries} attempts an entry is copied to
 * {@code <stream>:dead-letter} and acknowledged, so one poison event cannot retry
 * forever.
 *
 * <p>
 * <strong>Handlers must be idempotent</strong>: the same event (same {@code eventId}) can
 * arrive more than once, e.g. after a relay or consumer crash. Deleting what is already
 * gone, upserting settings, or recording {@code eventId}s already applied are the usual
 * ways.
 */
package com.bowwow.common.events;
