package com.bowwow.infra;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.ecs.model.UlimitName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Each infra/ecs/&lt;service&gt;.json is a valid
 * {@code register-task-definition --cli-input-json} document, matches the plan, and
 * matches the code: the port the service listens on, and every environment variable its
 * configuration reads.
 */
@SuppressWarnings("unchecked")
class TaskDefinitionTest {

	private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "KEY", "TOKEN");

	static Stream<String> services() {
		return Repo.services().stream();
	}

	@Test
	void oneTaskDefinitionPerService() throws Exception {
		assertThat(Repo.services()).containsExactlyInAnyOrder("gateway", "user-service", "location-service",
				"signal-service", "push-service", "analytics-service");
		try (Stream<java.nio.file.Path> files = Files.list(Repo.infra().resolve("ecs"))) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.containsExactlyInAnyOrderElementsOf(Repo.services().stream().map((s) -> s + ".json").toList());
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void bindsToTheEcsApiModelWithoutLoss(String service) {
		Map<String, Object> json = TaskDefinitions.json(Repo.read(TaskDefinitions.file(service)));
		RegisterTaskDefinitionRequest request = TaskDefinitions.bind(json, service);
		assertThat(SdkJson.write(request)).isEqualTo(json);
		assertThat(SdkJson.unknownEnumValues(request, service)).isEmpty();
	}

	@Test
	void bindingRejectsUnknownKeysAndEnumValues() {
		Map<String, Object> json = TaskDefinitions.json(Repo.read(TaskDefinitions.file("gateway")));
		Map<String, Object> typo = new LinkedHashMap<>(json);
		typo.put("netwrokMode", "awsvpc");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskDefinitions.bind(typo, "gateway"))
			.withMessageContaining("gateway.netwrokMode: not a member of RegisterTaskDefinitionRequest");
		String nested = Repo.read(TaskDefinitions.file("gateway")).replace("\"stopTimeout\"", "\"stopTimout\"");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskDefinitions.bind(TaskDefinitions.json(nested), "gateway"))
			.withMessageContaining("containerDefinitions[0].stopTimout");
		Map<String, Object> badEnum = new LinkedHashMap<>(json);
		badEnum.put("networkMode", "awsvcp");
		assertThat(SdkJson.unknownEnumValues(TaskDefinitions.bind(badEnum, "gateway"), "gateway"))
			.containsExactly("gateway.networkMode=awsvcp");
		String badLogDriver = Repo.read(TaskDefinitions.file("gateway")).replace("\"awslogs\"", "\"aws-logs\"");
		assertThat(SdkJson.unknownEnumValues(TaskDefinitions.bind(TaskDefinitions.json(badLogDriver), "gateway"),
				"gateway"))
			.anySatisfy((problem) -> assertThat(problem).endsWith("logDriver=aws-logs"));
	}

	@ParameterizedTest
	@MethodSource("services")
	void matchesThePlan(String service) {
		RegisterTaskDefinitionRequest task = request(service);
		assertThat(task.family()).isEqualTo("bowwow-" + service);
		assertThat(task.networkMode()).isEqualTo(NetworkMode.AWSVPC);
		assertThat(task.requiresCompatibilities()).containsExactly(Compatibility.FARGATE);
		assertThat(task.cpu()).isEqualTo("256");
		assertThat(task.memory()).isEqualTo("512");
		assertThat(task.executionRoleArn()).isEqualTo("{{" + Repo.pascal(service) + "ExecutionRoleArn}}");
		// the service, then its metrics sidecar (non-essential: it never takes the
		// service down)
		assertThat(task.containerDefinitions()).hasSize(2);
		ContainerDefinition container = task.containerDefinitions().get(0);
		assertThat(container.name()).isEqualTo(service);
		assertThat(container.essential()).isTrue();
		ContainerDefinition sidecar = task.containerDefinitions().get(1);
		assertThat(sidecar.name()).isEqualTo("metrics");
		assertThat(sidecar.essential()).isFalse();
		// ECR Public through the pull-through cache: no NAT or internet at task start
		assertThat(sidecar.image()).startsWith("{{EcrRegistry}}/ecr-public/aws-observability/aws-otel-collector:v")
			.doesNotContain(":latest");
		Map<String, Object> cache = Template.properties(Template.load(), "PublicImageCache");
		assertThat(cache).containsEntry("EcrRepositoryPrefix", "ecr-public")
			.containsEntry("UpstreamRegistryUrl", "public.ecr.aws");
		assertThat(Repo.read(Template.servicePath()))
			.contains(":repository/ecr-public/" + sidecar.image().replaceAll("^.*/ecr-public/([^:]+):.*$", "$1") + "'");
		assertThat(sidecar.logConfiguration().options()).containsEntry("awslogs-group", "/ecs/bowwow-" + service);
		// measured: every service stays under ~340 MiB; the sidecar's hard limit keeps
		// the pair inside the task's 512
		assertThat(sidecar.memory()).isLessThanOrEqualTo(512 - 400);
		// the tag is the git SHA, filled in by the deploy script; never a moving tag
		assertThat(container.image()).isEqualTo("{{EcrRegistry}}/bowwow/" + service + ":{{ImageTag}}")
			.doesNotContain(":latest");
		assertThat(container.logConfiguration().logDriver()).isEqualTo(LogDriver.AWSLOGS);
		assertThat(container.logConfiguration().options()).containsEntry("awslogs-group", "/ecs/bowwow-" + service)
			.containsEntry("awslogs-region", "us-east-1")
			.containsEntry("awslogs-stream-prefix", "ecs");
		// the services drain for up to 20 s; ECS must wait longer than that before
		// SIGKILL
		assertThat(container.stopTimeout()).isEqualTo(30);
	}

	@ParameterizedTest
	@MethodSource("services")
	void portAndHealthCheckMatchTheService(String service) {
		int port = Repo.pomPort(service);
		Integer configured = Repo.configuredServerPort(service);
		if (configured != null) {
			assertThat(configured).as("%s application.yml server.port", service).isEqualTo(port);
		}
		ContainerDefinition container = request(service).containerDefinitions().get(0);
		// the service port first; location-service also maps its stream port, where the
		// load balancer sends the live stream (OperationalRulesTest)
		List<Integer> ports = container.portMappings().stream().map(PortMapping::containerPort).toList();
		if (service.equals("location-service")) {
			String stream = environment(container).get("LOCATION_STREAM_PORT");
			assertThat(stream).as("LOCATION_STREAM_PORT").isNotNull();
			assertThat(ports).containsExactly(port, Integer.valueOf(stream));
		}
		else {
			assertThat(ports).containsExactly(port);
		}
		assertThat(container.portMappings()).extracting(PortMapping::protocol).containsOnly(TransportProtocol.TCP);
		List<String> command = container.healthCheck().command();
		assertThat(command.get(0)).isEqualTo("CMD");
		// liveness only: the deep /health fails with PostgreSQL or Redis, and ECS would
		// then kill every task at once during a failover
		assertThat(String.join(" ", command)).contains("/dev/tcp/127.0.0.1/" + port)
			.contains("GET /livez HTTP/1.0")
			.doesNotContain("/health")
			.contains("grep -q ' 200 '");
		assertThat(container.healthCheck().startPeriod()).isBetween(30, 300);
	}

	@ParameterizedTest
	@MethodSource("services")
	void providesEveryEnvironmentVariableTheServiceReads(String service) {
		ContainerDefinition container = request(service).containerDefinitions().get(0);
		Set<String> provided = new TreeSet<>();
		container.environment().forEach((pair) -> provided.add(pair.name()));
		container.secrets().forEach((secret) -> provided.add(secret.name()));
		assertThat(provided).as("a variable in both environment and secrets")
			.hasSize(container.environment().size() + container.secrets().size());
		Map<String, String> read = Repo.environmentVariablesRead(service);
		List<String> missing = new ArrayList<>();
		read.forEach((name, file) -> {
			if (!provided.contains(name)) {
				missing.add(name + " (read in " + file + ")");
			}
		});
		assertThat(missing).as("%s reads these but infra/ecs/%s.json does not set them", service, service).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("services")
	void secretsNeverInPlainEnvironment(String service) {
		ContainerDefinition container = request(service).containerDefinitions().get(0);
		for (KeyValuePair pair : container.environment()) {
			assertThat(SECRET_WORDS).as("%s: %s looks secret: move it to secrets", service, pair.name())
				.noneMatch((word) -> pair.name().contains(word));
			assertThat(pair.value()).as(pair.name())
				.doesNotContainIgnoringCase("password=")
				.doesNotContain("://:")
				.doesNotContainPattern("://[^/@]+:[^/@]+@");
		}
		assertThat(container.environment()).extracting(KeyValuePair::name)
			.contains("BOWWOW_ENVIRONMENT", "LOGGING_STRUCTURED_FORMAT_CONSOLE");
		assertThat(environment(container)).containsEntry("BOWWOW_ENVIRONMENT", "production")
			.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		for (Secret secret : container.secrets()) {
			assertThat(secret.valueFrom()).as(secret.name()).matches("\\{\\{[A-Za-z]+SecretArn}}(:[A-Za-z]+::)?");
		}
	}

	@ParameterizedTest
	@MethodSource("services")
	void serviceUrlsUseCloudMapNamesAndPorts(String service) {
		environment(request(service).containerDefinitions().get(0)).forEach((name, value) -> {
			if (name.endsWith("_SERVICE_URL")) {
				String target = name.substring(0, name.length() - "_URL".length()).toLowerCase().replace('_', '-');
				assertThat(value).isEqualTo("http://" + target + ".bowwow.local:" + Repo.pomPort(target));
			}
		});
	}

	@ParameterizedTest
	@MethodSource("services")
	void databaseUserMatchesItsSecretAndSchema(String service) {
		Map<String, String> environment = environment(request(service).containerDefinitions().get(0));
		if (service.equals("gateway")) {
			assertThat(environment).doesNotContainKeys("DATABASE_URL", "DATABASE_USERNAME");
			return;
		}
		String user = service.replace('-', '_');
		assertThat(environment).containsEntry("DATABASE_USERNAME", user);
		assertThat(environment.get("DATABASE_URL")).startsWith("jdbc:postgresql://").contains("/bowwow");
		Map<String, Object> secret = Template.properties(Template.load(), Repo.pascal(service) + "DbSecret");
		assertThat(Template.get(secret, "GenerateSecretString", "SecretStringTemplate"))
			.isEqualTo("{\"username\":\"" + user + "\"}");
		assertThat(Template.get(secret, "GenerateSecretString", "GenerateStringKey")).isEqualTo("password");
	}

	@ParameterizedTest
	@MethodSource("services")
	void everyTokenIsAStackOutputOrTheImageTag(String service) {
		Map<String, Object> outputs = Template.map(Template.load(), "Outputs");
		Set<String> tokens = TaskDefinitions.tokens(Repo.read(TaskDefinitions.file(service)));
		assertThat(tokens).contains(TaskDefinitions.IMAGE_TAG);
		tokens.remove(TaskDefinitions.IMAGE_TAG);
		assertThat(outputs.keySet()).containsAll(tokens);
	}

	@ParameterizedTest
	@MethodSource("services")
	void executionRoleReadsExactlyTheSecretsTheTaskNames(String service) {
		Map<String, Object> template = Template.load();
		Set<String> named = new TreeSet<>();
		for (Secret secret : request(service).containerDefinitions().get(0).secrets()) {
			String output = secret.valueFrom().replaceAll("^\\{\\{([A-Za-z]+)}}.*$", "$1");
			named.add(String.valueOf(Template.get(template, "Outputs", output, "Value", "Ref")));
		}
		assertThat(request(service).containerDefinitions().get(1).secrets()).isEmpty();
		Set<String> granted = new TreeSet<>();
		Object arns = Template.stackParameters(template, service).get("SecretArns");
		List<?> join = (List<?>) ((Map<?, ?>) arns).get("Fn::Join");
		assertThat(join.get(0)).isEqualTo(",");
		for (Object ref : (List<?>) join.get(1)) {
			granted.add(String.valueOf(((Map<?, ?>) ref).get("Ref")));
		}
		assertThat(granted).isEqualTo(named);
		// and the nested stack grants exactly that list, nothing else
		Map<String, Object> role = Template.properties(Template.loadService(), "ExecutionRole");
		List<Object> secretResources = new ArrayList<>();
		for (Object policy : (List<?>) role.get("Policies")) {
			for (Object statement : (List<?>) Template.get(policy, "PolicyDocument", "Statement")) {
				Map<?, ?> s = (Map<?, ?>) statement;
				if (String.valueOf(s.get("Action")).contains("secretsmanager")) {
					assertThat(s.get("Action")).isEqualTo("secretsmanager:GetSecretValue");
					secretResources.add(s.get("Resource"));
				}
			}
		}
		assertThat(secretResources).containsExactly(Map.of("Ref", "SecretArns"));
		assertThat(Template.get(template, "Outputs", Repo.pascal(service) + "ExecutionRoleArn", "Value"))
			.isEqualTo(Map.of("Fn::GetAtt", List.of(Template.stackOf(service), "Outputs.ExecutionRoleArn")));
	}

	@ParameterizedTest
	@MethodSource("services")
	void metricsSidecarScrapesTheManagementPortIntoCloudWatch(String service) {
		int managementPort = Repo.pomPort(service) + 1000;
		assertThat(Repo.setting(service, "management", "server", "port")).as("%s management.server.port", service)
			.isIn(managementPort, "${MANAGEMENT_PORT:" + managementPort + "}");
		assertThat(String.valueOf(Repo.setting(service, "management", "endpoints", "web", "exposure", "include")))
			.contains("prometheus");
		ContainerDefinition sidecar = request(service).containerDefinitions().get(1);
		String config = environment(sidecar).get("AOT_CONFIG_CONTENT");
		Map<String, Object> collector = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(config);
		Map<?, ?> scrape = (Map<?, ?>) ((List<?>) Template.get(collector, "receivers", "prometheus", "config",
				"scrape_configs"))
			.get(0);
		assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
		Map<?, ?> targets = (Map<?, ?>) ((List<?>) scrape.get("static_configs")).get(0);
		assertThat(targets.get("targets")).isEqualTo(List.of("127.0.0.1:" + managementPort));
		assertThat(targets.get("labels")).isEqualTo(Map.of("service", service));
		Map<String, Object> emf = Template.map(collector, "exporters", "awsemf");
		assertThat(emf).containsEntry("namespace", "BowWow").containsEntry("region", "us-east-1");
		// the log group the task role may write, and nothing else
		Map<String, Object> template = Template.load();
		assertThat(emf.get("log_group_name"))
			.isEqualTo(Template.properties(template, "MetricsLogGroup").get("LogGroupName"));
		assertThat(request(service).taskRoleArn()).isEqualTo("{{TaskRoleArn}}");
		assertThat(Template.map(collector, "service", "pipelines", "metrics"))
			.containsEntry("receivers", List.of("prometheus"))
			.containsEntry("exporters", List.of("awsemf"));
	}

	@ParameterizedTest
	@MethodSource("services")
	void livenessAndReadinessAreServedOnTheServicePortWithoutDependencies(String service) {
		assertThat(Repo.setting(service, "management", "endpoint", "health", "probes", "enabled")).isEqualTo(true);
		assertThat(Repo.setting(service, "management", "endpoint", "health", "probes", "add-additional-paths"))
			.as("%s: /livez and /readyz on the service port", service)
			.isEqualTo(true);
		// readiness that included db or redis would take every task out of the target
		// group during a failover, like the old /health check did
		assertThat(String.valueOf(Repo.setting(service, "management", "endpoint", "health", "group", "readiness")))
			.doesNotContain("db")
			.doesNotContain("redis");
	}

	@Test
	void locationServiceMayOpenASocketPerLiveStream() {
		// The ALB sends the stream straight to location-service (no proxy in between), so
		// each stream is one open file there: the plan is 50,000 streams per task, plus
		// pools, jars and logs. Explicit, not Fargate's default (it has changed over
		// time).
		assertThat(Template.stackParameters(Template.load(), "location-service")).containsEntry("TargetGroupArn",
				Map.of("Ref", "LocationStreamTargetGroup"));
		ContainerDefinition container = request("location-service").containerDefinitions().get(0);
		assertThat(container.ulimits()).filteredOn((ulimit) -> ulimit.name() == UlimitName.NOFILE)
			.singleElement()
			.satisfies((nofile) -> {
				assertThat(nofile.softLimit()).isGreaterThanOrEqualTo(65_536);
				assertThat(nofile.hardLimit()).isEqualTo(nofile.softLimit());
			});
	}

	@Test
	void locationServiceSetsItsStreamPortExplicitly() {
		// Explicit, not the service's default (service port + 10): the target group, the
		// ALB's security group rule and the ECS service's registration name it too
		ContainerDefinition container = request("location-service").containerDefinitions().get(0);
		String value = environment(container).get("LOCATION_STREAM_PORT");
		assertThat(value).as("LOCATION_STREAM_PORT").isNotNull().matches("[1-9][0-9]{3,4}");
		int streamPort = Integer.parseInt(value);
		int port = Repo.pomPort("location-service");
		assertThat(streamPort).isNotEqualTo(port).isNotEqualTo(port + 1000);
		assertThat(Repo.environmentVariablesRead("location-service")).containsKey("LOCATION_STREAM_PORT");
		Map<String, Object> template = Template.load();
		assertThat(Template.properties(template, "LocationStreamTargetGroup")).containsEntry("Port", streamPort);
		assertThat(Template.stackParameters(template, "location-service")).containsEntry("LoadBalancerPort",
				streamPort);
	}

	private static RegisterTaskDefinitionRequest request(String service) {
		return TaskDefinitions.bind(TaskDefinitions.json(Repo.read(TaskDefinitions.file(service))), service);
	}

	private static Map<String, String> environment(ContainerDefinition container) {
		Map<String, String> environment = new LinkedHashMap<>();
		container.environment().forEach((pair) -> environment.put(pair.name(), pair.value()));
		return environment;
	}

}
