/**
 * How long analytics-service keeps its rows: per-event rows for about 13 months (year
 * over year stays comparable), deduplication records for a few days.
 */
package com.bowwow.analytics.retention;
