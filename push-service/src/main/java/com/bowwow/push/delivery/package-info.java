/**
 * The durable path of every push: arrivals from signal-service's stream become delivery
 * rows in one statement (one per signal, receiver and kind, so a redelivered event never
 * sends twice), each row is attempted concurrently (receivers and blocks read once for
 * the batch at send time, message written in the receiver's unit, APNs called), and the
 * batch's outcomes are recorded together with one {@code PushesFinished} event in one
 * transaction. Transient failures are retried from the table with exponential backoff and
 * full jitter by a worker in every instance; what still fails becomes a dead letter an
 * operator can replay.
 */
package com.bowwow.push.delivery;
