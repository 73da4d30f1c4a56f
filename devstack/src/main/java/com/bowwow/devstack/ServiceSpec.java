package com.bowwow.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * One service of the stack: its name (also its module directory and jar name) and ports.
 *
 * @param name service name, e.g. {@code user-service}
 * @param port public port
 * @param managementPort Actuator port
 */
public record ServiceSpec(String name, int port, int managementPort) {

	/**
	 * All six, in start order: the gateway last so its first health report is complete.
	 */
	public static final List<ServiceSpec> ALL = List.of(new ServiceSpec("user-service", 8001, 9001),
			new ServiceSpec("location-service", 8002, 9002), new ServiceSpec("signal-service", 8003, 9003),
			new ServiceSpec("push-service", 8004, 9004), new ServiceSpec("analytics-service", 8005, 9005),
			new ServiceSpec("gateway", 8000, 9000));

	/**
	 * The same service on shifted ports, e.g. to run tests beside a running local stack.
	 */
	public ServiceSpec offsetBy(int offset) {
		return new ServiceSpec(this.name, this.port + offset, this.managementPort + offset);
	}

	/**
	 * Where location-service's stream port lies from its service port when
	 * {@code LOCATION_STREAM_PORT} is not set (its {@code stream.ConnectionCapacity}
	 * holds the same number; the service cannot depend on this tool).
	 */
	public static final int STREAM_PORT_OFFSET = 10;

	/**
	 * location-service's stream port, where the load balancer sends the live stream: its
	 * service port + {@link #STREAM_PORT_OFFSET} unless {@code LOCATION_STREAM_PORT} says
	 * otherwise. Other services have none.
	 */
	public OptionalInt streamPort() {
		return "location-service".equals(this.name) ? OptionalInt.of(this.port + STREAM_PORT_OFFSET)
				: OptionalInt.empty();
	}

	/** Where {@code ./mvnw package} leaves the service's executable jar. */
	public Path jar(Path repositoryRoot) {
		return repositoryRoot.resolve(this.name).resolve("target").resolve(this.name + ".jar");
	}

	/** The environment variable other services use to reach this one. */
	public String urlVariable() {
		return this.name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
	}

	/**
	 * The variable naming this service's Prometheus endpoint (read by analytics-service's
	 * operations panel), e.g. {@code USER_SERVICE_METRICS_URL}.
	 */
	public String metricsUrlVariable() {
		return this.name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_METRICS_URL";
	}

	/** Where this service's Prometheus endpoint listens on this machine. */
	public String metricsUrl() {
		return "http://localhost:" + this.managementPort + "/actuator/prometheus";
	}

	public String url() {
		return "http://localhost:" + this.port;
	}

}
