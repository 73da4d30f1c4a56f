/**
 * Speed measurements run by hand, never timed inside the test suite: the benchmark
 * harness ({@link com.bowwow.bench.harness.BenchMain}, bench/README.md) and the
 * in-process nearby ceiling ({@link com.bowwow.bench.NearbyBenchmark}).
 */
package com.bowwow.bench;
