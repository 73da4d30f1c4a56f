/**
 * Keeping the Redis spatial index ({@link com.bowwow.location.index.SpatialIndex}) true
 * to the database: rebuilt from the encrypted rows at start-up and whenever its
 * completeness marker is missing (Redis flushed or replaced), under a Redis lock so one
 * instance does the work; and the purge job that deletes positions older than 24 h from
 * both stores.
 */
package com.bowwow.location.live;
