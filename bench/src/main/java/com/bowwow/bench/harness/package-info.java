/**
 * The benchmark harness: options, the system under test (a devstack it starts, or a
 * running stack it targets), the order of the workloads and the report they fill
 * (Markdown and JSON).
 */
package com.bowwow.bench.harness;
