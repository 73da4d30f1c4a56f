package com.bowwow.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml runs the six services from their Jib images, each with a health
 * check on its /health, a 512 MiB limit, started only once what it needs is healthy. (CI
 * also runs {@code docker-compose config -q}.)
 */
class ComposeFileTest {

	static Stream<String> services() {
		return Repo.services().stream();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> compose() {
		return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
			.load(Repo.read(Repo.root().resolve("docker-compose.yml")));
	}

	private static Map<String, Object> service(String name) {
		return Template.map(compose(), "services", name);
	}

	@Test
	void dataStoresArePinnedAndHealthChecked() {
		assertThat(service("postgres").get("image").toString()).matches("postgres:15\\.\\d+-bookworm");
		assertThat(service("redis").get("image").toString()).matches("redis:7\\.\\d+\\.\\d+-bookworm");
		for (String store : List.of("postgres", "redis")) {
			assertThat(service(store)).containsKeys("healthcheck", "volumes");
		}
		assertThat(Template.map(compose(), "volumes")).containsKeys("postgres-data", "redis-data");
		assertThat(service("postgres").get("volumes").toString()).contains("./infra/sql/service-schemas.sql:");
	}

	@ParameterizedTest
	@MethodSource("services")
	void serviceRunsItsImageHealthyAndBounded(String name) {
		Map<String, Object> service = service(name);
		assertThat(service.get("image")).isEqualTo("bowwow/" + name + ":${BOWWOW_IMAGE_TAG:-local}");
		assertThat(service.get("mem_limit")).isEqualTo("512m");
		int port = Repo.pomPort(name);
		List<String> ports = new ArrayList<>(List.of("127.0.0.1:" + port + ":" + port));
		if (name.equals("location-service")) {
			// and its stream port, the one production's load balancer uses (here the
			// service's default: its port + 10)
			String stream = String.valueOf(TaskDefinitions.environment(name).get("LOCATION_STREAM_PORT"));
			assertThat(Template.map(service, "environment").getOrDefault("LOCATION_STREAM_PORT", port + 10)).asString()
				.isEqualTo(stream);
			ports.add("127.0.0.1:" + stream + ":" + stream);
		}
		assertThat(service.get("ports")).isEqualTo(ports);
		List<?> test = (List<?>) Template.get(service, "healthcheck", "test");
		// CMD-SHELL with bash named explicitly: /bin/sh may be dash, and podman splits
		// CMD array elements at spaces
		assertThat(test).hasSize(2);
		assertThat(test.get(0)).isEqualTo("CMD-SHELL");
		assertThat(test.get(1).toString()).startsWith("bash -c '").endsWith("'");
		assertThat(String.join(" ", test.stream().map(String::valueOf).toList())).contains("/dev/tcp/127.0.0.1/" + port)
			.contains("GET /health HTTP/1.0");
		Map<String, Object> dependsOn = Template.map(service, "depends_on");
		assertThat(dependsOn).containsKeys("postgres", "redis");
		dependsOn.values()
			.forEach((condition) -> assertThat(condition).isEqualTo(Map.of("condition", "service_healthy")));
		Map<String, Object> environment = Template.map(service, "environment");
		Repo.environmentVariablesRead(name)
			.keySet()
			.stream()
			.filter((variable) -> variable.endsWith("_SERVICE_URL"))
			.forEach((variable) -> {
				String target = variable.substring(0, variable.length() - 4).toLowerCase().replace('_', '-');
				assertThat(environment).containsEntry(variable, "http://" + target + ":" + Repo.pomPort(target));
			});
		assertThat(environment).containsEntry("REDIS_HOST", "redis")
			.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		if (!name.equals("gateway")) {
			assertThat(environment).containsEntry("DATABASE_USERNAME", name.replace('-', '_'))
				.containsEntry("DATABASE_URL", "jdbc:postgresql://postgres:5432/bowwow");
		}
		assertThat(environment.keySet()).noneMatch((key) -> key.contains("PASSWORD") || key.contains("SECRET"));
	}

	@Test
	void gatewayStartsAfterEveryBackendIsHealthy() {
		assertThat(Template.map(service("gateway"), "depends_on").keySet())
			.containsAll(Repo.services().stream().filter((s) -> !s.equals("gateway")).toList());
	}

}
