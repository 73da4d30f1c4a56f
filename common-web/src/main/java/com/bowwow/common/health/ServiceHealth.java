package com.bowwow.common.health;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The body of {@code GET /health}, the shape the iOS client and the load balancer read.
 *
 * @param service the service name
 * @param status {@code healthy}, {@code unhealthy}, {@code starting} or {@code draining}
 * @param timestamp when the check ran
 * @param version build version and git revision
 * @param dependencies each dependency's status
 */
public record ServiceHealth(String service, String status, Instant timestamp, String version,
		Map<String, String> dependencies) {

	public static final String HEALTHY = "healthy";

	public static final String UNHEALTHY = "unhealthy";

	public static final String DRAINING = "draining";

	public static final String STARTING = "starting";

	@JsonIgnore
	public boolean isHealthy() {
		return HEALTHY.equals(this.status);
	}

}
