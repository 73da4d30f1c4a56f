/**
 * Keeping the Redis spatial index ({@link com.bowwow.location.index.SpatialIndex}) true
 * to the database: rebuilt from the encrypted rows at start-up and whenever its
 * completeness marker is missing (Redis flushed or replaced), under a Redis lock so one
 * instance does the work; the purge job that deletes positions older than 24 h from both
 * stores; and the repair job: an update whose Redis write failed after PostgreSQL stored
 * it marks the row {@code index_dirty} (and answers 503), and
 * {@link com.bowwow.location.live.IndexRepairJob} re-asserts such rows every
 * {@code bowwow.location.index-repair-interval}; a retried update answered
 * {@code ignored_older} re-asserts the stored newest position as well, so the index
 * converges whichever comes first.
 */
package com.bowwow.location.live;
