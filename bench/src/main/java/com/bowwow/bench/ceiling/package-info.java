/**
 * Raw ceilings of this machine, measured in the same run as the system: Redis
 * ({@code GEOADD}+{@code ZADD}, {@code GEOSEARCH} of the shapes the nearby workload asks)
 * through Lettuce and PostgreSQL (location-service's position upsert) in a scratch
 * schema, so the system's figures can be reported as ratios that survive a noisy machine.
 */
package com.bowwow.bench.ceiling;
