/**
 * What the harness does to the system: the synthetic population and its setup, location
 * updates, nearby queries, WebSocket subscribers with their {@code location_update}
 * fan-out, and waves timed at every receiver.
 */
package com.bowwow.bench.workload;
