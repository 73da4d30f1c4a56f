/**
 * Turns the other services' events into analytics-service's own compact tables: one
 * consumer group ({@code analytics-service}) per stream, every event applied in one
 * transaction with its deduplication record, natural keys where the data has them, and no
 * assumption about the order in which events arrive.
 */
package com.bowwow.analytics.ingest;
