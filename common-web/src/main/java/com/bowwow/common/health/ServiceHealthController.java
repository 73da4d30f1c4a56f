package com.bowwow.common.health;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} on the service port: 200 only when the service and everything it
 * depends on is usable, 503 otherwise; 503 until the service is ready (it warms its
 * request paths after the port opens), and 503 while it drains during shutdown so that
 * the load balancer moves traffic away before connections close.
 */
@RestController
public class ServiceHealthController {

	private final String serviceName;

	private final String version;

	private final List<DependencyCheck> checks;

	private final ApplicationAvailability availability;

	private final Clock clock;

	public ServiceHealthController(String serviceName, String version, List<DependencyCheck> checks,
			ApplicationAvailability availability, Clock clock) {
		this.serviceName = serviceName;
		this.version = version;
		this.checks = List.copyOf(checks);
		this.availability = availability;
		this.clock = clock;
	}

	@GetMapping("/health")
	public ResponseEntity<ServiceHealth> health() {
		Map<String, String> dependencies = new LinkedHashMap<>();
		boolean allHealthy = true;
		for (DependencyCheck check : this.checks) {
			boolean healthy = check.isHealthy();
			allHealthy &= healthy;
			dependencies.put(check.name(), healthy ? ServiceHealth.HEALTHY : ServiceHealth.UNHEALTHY);
		}
		String status;
		ReadinessState readiness = this.availability.getState(ReadinessState.class);
		if (readiness == null) {
			// not ready yet: warming its request paths (com.bowwow.common.warmup)
			status = ServiceHealth.STARTING;
		}
		else if (readiness == ReadinessState.REFUSING_TRAFFIC) {
			status = ServiceHealth.DRAINING;
		}
		else {
			status = allHealthy ? ServiceHealth.HEALTHY : ServiceHealth.UNHEALTHY;
		}
		ServiceHealth body = new ServiceHealth(this.serviceName, status, Instant.now(this.clock), this.version,
				dependencies);
		return ResponseEntity.status(body.isHealthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
	}

}
