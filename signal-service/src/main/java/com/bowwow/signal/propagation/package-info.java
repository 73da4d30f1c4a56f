/**
 * The wave: durable, exactly-once, precisely timed arrivals. Pending arrivals live in
 * PostgreSQL ({@code pending_arrivals});
 * {@link com.bowwow.signal.propagation.PropagationEngine} on every instance leases those
 * about to fall due and records each receipt at its moment.
 */
package com.bowwow.signal.propagation;
