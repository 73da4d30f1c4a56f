/**
 * Load generation and measurement: an HTTP client that counts every non-2xx answer
 * ({@link com.bowwow.bench.load.Api}, {@link com.bowwow.bench.load.ErrorLog}), open-loop
 * constant-rate load measured from each request's intended send time so that a stalled
 * server cannot hide its queueing ({@link com.bowwow.bench.load.OpenLoop}), the search
 * for the highest rate inside a p99 budget ({@link com.bowwow.bench.load.RateSearch}) and
 * latency histograms ({@link com.bowwow.bench.load.Latency}).
 */
package com.bowwow.bench.load;
