/**
 * The durable path of every push: arrivals from signal-service's stream become delivery
 * rows (one per signal, receiver and kind, so a redelivered event never sends twice),
 * each row is attempted (receiver checked at send time, message written in their unit,
 * APNs called) and its outcome recorded with a {@code PushOutcome} event in the same
 * transaction. Transient failures are retried from the table with exponential backoff and
 * full jitter by a worker in every instance; what still fails becomes a dead letter an
 * operator can replay.
 */
package com.bowwow.push.delivery;
