package com.bowwow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operational rules the template must keep beyond schema validity: on-demand capacity
 * under the request path, alarms that reach someone, no resource that costs money and
 * does nothing, CloudFront as the only way in, metrics the alarms can actually get, and
 * nested stacks that match the service template.
 */
@SuppressWarnings("unchecked")
class OperationalRulesTest {

	/** Resources that do their work by pointing at others, so nothing refers to them. */
	private static final Set<String> ATTACHMENT_TYPES = Set.of("AWS::EC2::Route",
			"AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::VPCEndpoint",
			"AWS::RDS::DBInstance", "AWS::SNS::Subscription", "AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard",
			"AWS::Route53::RecordSet", "AWS::ElasticLoadBalancingV2::ListenerRule",
			"AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::ECR::PullThroughCacheRule");

	private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)[.}]");

	/** The condition only requests from our CloudFront distribution meet. */
	private static final Map<String, Object> ORIGIN_HEADER = Map.of("Field", "http-header", "HttpHeaderConfig",
			Map.of("HttpHeaderName", "X-Origin-Verify", "Values",
					List.of(Map.of("Fn::Sub", "{{resolve:secretsmanager:${OriginVerifySecret}}}"))));

	/** The path location-service's WebSocket handler is registered on. */
	private static final Pattern STREAM_PATH = Pattern.compile("String PATH = \"(/api/[^\"]+)\"");

	private static Map<String, Object> template;

	private static Map<String, Object> nested;

	@BeforeAll
	static void load() {
		template = Template.load();
		nested = Template.loadService();
	}

	@Test
	void requestPathServicesKeepAnOnDemandBaseAndBackgroundWorkRunsOnSpot() {
		for (String service : List.of("gateway", "location-service", "user-service", "signal-service")) {
			Map<String, Object> parameters = Template.stackParameters(template, service);
			assertThat((Integer) parameters.get("OnDemandBase")).as("%s FARGATE base", service)
				.isGreaterThanOrEqualTo(1);
			assertThat((Integer) parameters.get("OnDemandWeight")).as(service)
				.isGreaterThanOrEqualTo((Integer) parameters.get("SpotWeight"));
		}
		for (String service : List.of("push-service", "analytics-service")) {
			Map<String, Object> parameters = Template.stackParameters(template, service);
			assertThat(parameters).as(service)
				.containsEntry("OnDemandBase", 0)
				.containsEntry("OnDemandWeight", 1)
				.containsEntry("SpotWeight", 4);
		}
		assertThat(Template.properties(nested, "EcsService").get("CapacityProviderStrategy")).isEqualTo(List.of(
				Map.of("CapacityProvider", "FARGATE", "Base", Map.of("Ref", "OnDemandBase"), "Weight",
						Map.of("Ref", "OnDemandWeight")),
				Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", Map.of("Ref", "SpotWeight"))));
	}

	@Test
	void locationScalesOnConnectionsAndCpuAndSignalOnCpu() {
		assertThat(Template.stackParameters(template, "location-service"))
			.containsEntry("Scaling", "cpu-and-connections")
			.containsKey("MaxCount");
		assertThat(Template.stackParameters(template, "signal-service")).containsEntry("Scaling", "cpu")
			.containsKey("MaxCount");
		Map<String, Object> connections = Template.map(nested, "Resources", "ConnectionScaling", "Properties",
				"TargetTrackingScalingPolicyConfiguration", "CustomizedMetricSpecification");
		assertThat(connections).containsEntry("Namespace", "BowWow")
			.containsEntry("MetricName", "bowwow_location_stream_connections")
			.containsEntry("Statistic", "Average");
		assertThat(producedByTheServices("bowwow_location_stream_connections")).isTrue();
	}

	@Test
	void everyAlarmNotifiesTheAlertsTopic() {
		List<String> alarms = Template.ofType(template, "AWS::CloudWatch::Alarm");
		assertThat(alarms).hasSizeGreaterThanOrEqualTo(15);
		for (String alarm : alarms) {
			Map<String, Object> properties = Template.properties(template, alarm);
			assertThat(properties.get("AlarmActions")).as(alarm).isEqualTo(List.of(Map.of("Ref", "AlertsTopic")));
			assertThat(properties.get("OKActions")).as(alarm).isEqualTo(List.of(Map.of("Ref", "AlertsTopic")));
			assertThat(String.valueOf(properties.get("AlarmName"))).startsWith("BowWow-");
		}
		assertThat(Template.ofType(nested, "AWS::CloudWatch::Alarm")).isEmpty();
	}

	@Test
	void alarmsCoverWhatOnCallNeedsAndEachHasARunbook() {
		Set<String> alarmed = new TreeSet<>();
		for (String alarm : Template.ofType(template, "AWS::CloudWatch::Alarm")) {
			for (Object metric : (List<?>) Template.properties(template, alarm).get("Metrics")) {
				Object stat = ((Map<?, ?>) metric).get("MetricStat");
				if (stat != null) {
					Map<?, ?> m = (Map<?, ?>) ((Map<?, ?>) stat).get("Metric");
					alarmed.add(m.get("Namespace") + ":" + m.get("MetricName"));
				}
			}
		}
		assertThat(alarmed).contains("AWS/ApplicationELB:HTTPCode_Target_5XX_Count",
				"AWS/ApplicationELB:TargetResponseTime", "AWS/ApplicationELB:UnHealthyHostCount",
				"BowWow:bowwow_signal_arrival_lateness_seconds_max", "BowWow:bowwow_events_consumer_lag",
				"BowWow:bowwow_events_outbox_backlog", "BowWow:bowwow_push_dead_lettered_total",
				"AWS/RDS:ACUUtilization", "AWS/RDS:CPUUtilization", "AWS/RDS:DatabaseConnections",
				"AWS/ElastiCache:DatabaseMemoryUsagePercentage", "AWS/ElastiCache:Evictions");
		// every BowWow metric an alarm or a scaling policy reads is one the code produces
		for (String metric : alarmed) {
			if (metric.startsWith("BowWow:")) {
				assertThat(producedByTheServices(metric.substring("BowWow:".length()))).as(metric).isTrue();
			}
		}
		String readme = Repo.read(Repo.infra().resolve("README.md"));
		for (String alarm : Template.ofType(template, "AWS::CloudWatch::Alarm")) {
			String name = String.valueOf(Template.properties(template, alarm).get("AlarmName"));
			assertThat(readme).as("runbook for %s in infra/README.md", name).contains("### " + name);
		}
	}

	@Test
	void noOrphanResources() {
		assertThat(orphans(template)).isEmpty();
		assertThat(orphans(nested)).isEmpty();
		Map<String, Object> copy = Template.load();
		Template.map(copy, "Resources")
			.put("ForgottenLogGroup", Map.of("Type", "AWS::Logs::LogGroup", "Properties", Map.of()));
		assertThat(orphans(copy)).containsExactly("ForgottenLogGroup");
	}

	@Test
	void onlyCloudFrontReachesTheLoadBalancer() {
		Object ingress = Template.properties(template, "LoadBalancerSecurityGroup").get("SecurityGroupIngress");
		assertThat(ingress).isEqualTo(List.of(Map.of("IpProtocol", "tcp", "FromPort", 443, "ToPort", 443,
				"SourcePrefixListId", Map.of("Ref", "CloudFrontPrefixListId"))));
		assertThat(Template.get(template, "Parameters", "CloudFrontPrefixListId", "Default")).isEqualTo("pl-3b927c52");
		Map<?, ?> fallback = (Map<?, ?>) ((List<?>) Template.properties(template, "HttpsListener")
			.get("DefaultActions")).get(0);
		assertThat(fallback.get("Type")).isEqualTo("fixed-response");
		assertThat(Template.map(fallback, "FixedResponseConfig")).containsEntry("StatusCode", "403");
		Object secret = Map.of("Fn::Sub", "{{resolve:secretsmanager:${OriginVerifySecret}}}");
		Map<String, Object> rule = Template.properties(template, "FromCloudFrontRule");
		assertThat(rule.get("Conditions")).isEqualTo(List.of(Map.of("Field", "http-header", "HttpHeaderConfig",
				Map.of("HttpHeaderName", "X-Origin-Verify", "Values", List.of(secret)))));
		assertThat(rule.get("Actions"))
			.isEqualTo(List.of(Map.of("Type", "forward", "TargetGroupArn", Map.of("Ref", "GatewayTargetGroup"))));
		Map<String, Object> distribution = Template.map(template, "Resources", "EdgeDistribution", "Properties",
				"DistributionConfig");
		Map<?, ?> origin = (Map<?, ?>) ((List<?>) distribution.get("Origins")).get(0);
		assertThat(origin.get("DomainName")).isEqualTo(Map.of("Fn::GetAtt", List.of("LoadBalancer", "DNSName")));
		assertThat(origin.get("OriginCustomHeaders"))
			.isEqualTo(List.of(Map.of("HeaderName", "X-Origin-Verify", "HeaderValue", secret)));
		assertThat(Template.map(origin, "CustomOriginConfig")).containsEntry("OriginProtocolPolicy", "https-only");
		assertThat(distribution).containsEntry("Aliases", List.of(Map.of("Ref", "DomainName")));
		assertThat(Template.map(distribution, "ViewerCertificate")).containsEntry("AcmCertificateArn",
				Map.of("Ref", "CertificateArn"));
		// AllViewer forwards Host (the ALB certificate's name) and the WebSocket upgrade
		assertThat(Template.map(distribution, "DefaultCacheBehavior")).containsEntry("OriginRequestPolicyId",
				"216adef6-5c7f-47e4-b989-5492eafa07d3");
		// CloudFront appends the viewer, the ALB appends CloudFront: the client is
		// second from the right
		Map<String, Object> gateway = TaskDefinitions.json(Repo.read(TaskDefinitions.file("gateway")));
		Map<String, Object> environment = new LinkedHashMap<>();
		for (Object pair : (List<?>) ((Map<?, ?>) ((List<?>) gateway.get("containerDefinitions")).get(0))
			.get("environment")) {
			environment.put(String.valueOf(((Map<?, ?>) pair).get("name")), ((Map<?, ?>) pair).get("value"));
		}
		assertThat(environment).containsEntry("TRUSTED_PROXY_COUNT", "2");
	}

	@Test
	void theLiveStreamGoesFromTheLoadBalancerStraightToLocationService() {
		// exactly the path location-service serves the stream on; the query string
		// (?access_token=) is not part of a path match
		Set<String> paths = find(Repo.root().resolve("location-service/src/main/java"), STREAM_PATH);
		assertThat(paths).containsExactly("/api/v1/locations/stream");
		Map<String, Object> rule = Template.properties(template, "LocationStreamRule");
		assertThat(rule).containsEntry("ListenerArn", Map.of("Ref", "HttpsListener"));
		assertThat(rule.get("Conditions")).isEqualTo(
				List.of(Map.of("Field", "path-pattern", "PathPatternConfig", Map.of("Values", List.copyOf(paths))),
						ORIGIN_HEADER));
		assertThat(rule.get("Actions")).isEqualTo(
				List.of(Map.of("Type", "forward", "TargetGroupArn", Map.of("Ref", "LocationStreamTargetGroup"))));
		// location-service's stream port (its small-buffer connector), never its service
		// port nor the gateway's, health-checked like the gateway: readiness on that port
		// itself (the management port is closed to the ALB)
		int streamPort = locationStreamPort();
		assertThat(streamPort).isNotEqualTo(Repo.pomPort("location-service"))
			.isNotEqualTo(Repo.pomPort("location-service") + 1000);
		Map<String, Object> gateway = Template.properties(template, "GatewayTargetGroup");
		Map<String, Object> targets = Template.properties(template, "LocationStreamTargetGroup");
		assertThat(targets).containsEntry("Port", streamPort)
			.containsEntry("Protocol", "HTTP")
			.containsEntry("TargetType", gateway.get("TargetType"))
			.containsEntry("VpcId", gateway.get("VpcId"))
			.containsEntry("HealthCheckPath", "/readyz")
			.containsEntry("Matcher", gateway.get("Matcher"));
		assertThat(targets.getOrDefault("HealthCheckPort", "traffic-port")).isEqualTo("traffic-port");
		assertThat(targets.getOrDefault("ProtocolVersion", "HTTP1")).as("WebSockets need HTTP/1.1").isEqualTo("HTTP1");
		assertThat(targets.get("Port")).isNotEqualTo(gateway.get("Port"));
		assertThat(
				Repo.setting("location-service", "management", "endpoint", "health", "probes", "add-additional-paths"))
			.as("location-service serves /readyz on its service port, and the same application on its stream port")
			.isEqualTo(true);
		// the task listens there (the variable the service reads) and maps it
		assertThat(String.valueOf(Repo.setting("location-service", "bowwow", "location", "stream", "port")))
			.as("location-service's application.yml bowwow.location.stream.port")
			.startsWith("${LOCATION_STREAM_PORT");
		assertThat(containerPorts("location-service")).contains(streamPort);
		// a new port replaces the target group, and CloudFormation cannot replace a
		// custom-named resource: its name changes with the port
		assertThat(String.valueOf(targets.get("Name"))).contains("-" + streamPort);
		// one TCP connection per stream: no stickiness; a stream never ends by itself, so
		// a short drain (location-service closes what is left with 1001)
		Map<String, Object> attributes = Template.pairs(targets.get("TargetGroupAttributes"), "Key");
		assertThat(attributes).containsEntry("stickiness.enabled", "false");
		assertThat(Integer.parseInt((String) attributes.get("deregistration_delay.timeout_seconds"))).isBetween(5, 60);
		// location-service's ECS service registers its stream port there, once the rule
		// exists
		assertThat(Template.stackParameters(template, "location-service")).containsEntry("TargetGroupArn",
				Map.of("Ref", "LocationStreamTargetGroup"));
		assertThat(registered("location-service")).isEqualTo(Map.of("ContainerName", "location-service",
				"ContainerPort", streamPort, "TargetGroupArn", Map.of("Ref", "LocationStreamTargetGroup")));
		assertThat(Template.get(template, "Resources", "LocationServiceStack", "DependsOn"))
			.isEqualTo("LocationStreamRule");
		// both rules share the ALB's idle timeout: it must outlast the clients' ~30 s
		// pings
		Map<String, Object> lb = Template
			.pairs(Template.properties(template, "LoadBalancer").get("LoadBalancerAttributes"), "Key");
		assertThat(lb).containsEntry("idle_timeout.timeout_seconds", "120");
	}

	@Test
	void everyListenerRuleNeedsTheOriginHeaderAndTheGatewayCatchAllComesLast() {
		List<String> rules = Template.ofType(template, "AWS::ElasticLoadBalancingV2::ListenerRule");
		assertThat(rules).containsExactlyInAnyOrder("LocationStreamRule", "FromCloudFrontRule");
		Map<String, Integer> priorities = new LinkedHashMap<>();
		for (String name : rules) {
			Map<String, Object> rule = Template.properties(template, name);
			// without the header a request falls through to the listener's 403
			assertThat((List<Object>) rule.get("Conditions")).as(name).contains(ORIGIN_HEADER);
			assertThat(rule).as(name).containsEntry("ListenerArn", Map.of("Ref", "HttpsListener"));
			priorities.put(name, (Integer) rule.get("Priority"));
		}
		assertThat(new HashSet<>(priorities.values())).as("distinct priorities").hasSameSizeAs(rules);
		// the gateway's rule matches every request from CloudFront: anything after it
		// is never reached
		Map<String, Object> catchAll = Template.properties(template, "FromCloudFrontRule");
		assertThat(catchAll.get("Conditions")).isEqualTo(List.of(ORIGIN_HEADER));
		assertThat(catchAll.get("Actions"))
			.isEqualTo(List.of(Map.of("Type", "forward", "TargetGroupArn", Map.of("Ref", "GatewayTargetGroup"))));
		priorities.forEach((name, priority) -> {
			if (!name.equals("FromCloudFrontRule")) {
				assertThat(priority).as("%s before the catch-all", name)
					.isLessThan(priorities.get("FromCloudFrontRule"));
			}
		});
	}

	@Test
	void theLoadBalancerReachesOnlyTheGatewayAndTheStreamPorts() {
		Set<Object> targetPorts = new TreeSet<>();
		for (String group : Template.ofType(template, "AWS::ElasticLoadBalancingV2::TargetGroup")) {
			targetPorts.add(Template.properties(template, group).get("Port"));
		}
		Set<Object> open = new TreeSet<>();
		for (Object item : (List<?>) Template.properties(template, "ServicesSecurityGroup")
			.get("SecurityGroupIngress")) {
			Map<?, ?> ingress = (Map<?, ?>) item;
			// the ALB's group only: no address range, no prefix list
			assertThat((Map<Object, Object>) ingress)
				.containsEntry("SourceSecurityGroupId", Map.of("Ref", "LoadBalancerSecurityGroup"))
				.containsEntry("IpProtocol", "tcp")
				.doesNotContainKeys("CidrIp", "CidrIpv6", "SourcePrefixListId");
			assertThat(ingress.get("ToPort")).isEqualTo(ingress.get("FromPort"));
			open.add(ingress.get("FromPort"));
		}
		// location-service: its stream port only; its service port (REST) is the other
		// services' alone
		assertThat(open).containsExactlyInAnyOrder(Repo.pomPort("gateway"), locationStreamPort())
			.doesNotContain(Repo.pomPort("location-service"))
			.isEqualTo(targetPorts);
		// the separate ingress rules open the tasks to each other, to nothing else, and
		// every service port to the other services
		List<int[]> fromServices = new ArrayList<>();
		for (String name : Template.ofType(template, "AWS::EC2::SecurityGroupIngress")) {
			Map<String, Object> ingress = Template.properties(template, name);
			if (Map.of("Ref", "ServicesSecurityGroup").equals(ingress.get("GroupId"))) {
				assertThat(ingress).as(name)
					.containsEntry("SourceSecurityGroupId", Map.of("Ref", "ServicesSecurityGroup"))
					.doesNotContainKeys("CidrIp", "CidrIpv6", "SourcePrefixListId");
				fromServices.add(new int[] { (Integer) ingress.get("FromPort"), (Integer) ingress.get("ToPort") });
			}
		}
		for (String service : Repo.services()) {
			int port = Repo.pomPort(service);
			assertThat(fromServices).as("%s's port %d open to the other services", service, port)
				.anySatisfy((range) -> assertThat(port).isBetween(range[0], range[1]));
		}
	}

	@Test
	void eachBalancedServiceRegistersAPortItsTaskMapsInItsTargetGroup() {
		Map<String, Object> balanced = new TreeMap<>();
		for (String service : Repo.services()) {
			Map<String, Object> loadBalancer = registered(service);
			if (loadBalancer == null) {
				continue;
			}
			Object port = loadBalancer.get("ContainerPort");
			assertThat(loadBalancer).as(service).containsEntry("ContainerName", service);
			// ECS registers this port; the ALB health-checks and forwards to it (the
			// test above: open to the ALB exactly where a target group points)
			String group = String.valueOf(Template.get(loadBalancer, "TargetGroupArn", "Ref"));
			assertThat(Template.properties(template, group).get("Port")).as("%s's %s", service, group).isEqualTo(port);
			assertThat(containerPorts(service)).as("%s's task definition maps %s", service, port).contains(port);
			balanced.put(service, port);
		}
		// the gateway its service port, location-service its stream port
		assertThat(balanced)
			.isEqualTo(Map.of("gateway", Repo.pomPort("gateway"), "location-service", locationStreamPort()));
	}

	@Test
	void privateSubnetsReachAwsApisThroughEndpoints() {
		Set<String> services = new TreeSet<>();
		for (String endpoint : Template.ofType(template, "AWS::EC2::VPCEndpoint")) {
			Map<String, Object> properties = Template.properties(template, endpoint);
			String service = String.valueOf(Template.get(properties, "ServiceName", "Fn::Sub"))
				.replace("com.amazonaws.${AWS::Region}.", "");
			services.add(service + ":" + properties.get("VpcEndpointType"));
			if ("Interface".equals(properties.get("VpcEndpointType"))) {
				assertThat(properties).containsEntry("PrivateDnsEnabled", true)
					.containsEntry("SubnetIds",
							List.of(Map.of("Ref", "PrivateSubnetA"), Map.of("Ref", "PrivateSubnetB")))
					.containsEntry("SecurityGroupIds", List.of(Map.of("Ref", "EndpointSecurityGroup")));
			}
			else {
				assertThat(properties).containsEntry("RouteTableIds", List.of(Map.of("Ref", "PrivateRouteTable")));
			}
		}
		assertThat(services).containsExactlyInAnyOrder("ecr.api:Interface", "ecr.dkr:Interface",
				"secretsmanager:Interface", "logs:Interface", "s3:Gateway");
	}

	@Test
	void nestedStacksPassExactlyTheServiceTemplateParameters() {
		Map<String, Object> declared = Template.map(nested, "Parameters");
		Set<String> required = new TreeSet<>();
		declared.forEach((name, spec) -> {
			if (!((Map<?, ?>) spec).containsKey("Default")) {
				required.add(name);
			}
		});
		Set<String> outputs = Template.map(nested, "Outputs").keySet();
		for (String stack : Template.ofType(template, "AWS::CloudFormation::Stack")) {
			Map<String, Object> passed = Template.map(template, "Resources", stack, "Properties", "Parameters");
			assertThat(declared.keySet()).as(stack).containsAll(passed.keySet());
			assertThat(passed.keySet()).as(stack).containsAll(required);
			Object scaling = passed.get("Scaling");
			if (scaling != null) {
				assertThat((List<Object>) Template.get(declared, "Scaling", "AllowedValues")).contains(scaling);
			}
		}
		for (String reference : references(template)) {
			if (reference.contains(".Outputs.")) {
				assertThat(outputs).as(reference).contains(reference.substring(reference.indexOf(".Outputs.") + 9));
			}
		}
	}

	@Test
	void documentedCommandsAndFilesExist() {
		String all = Repo.read(Template.path()) + Repo.read(Template.servicePath())
				+ Repo.read(Repo.infra().resolve("README.md"));
		Matcher scripts = Pattern.compile("(?:infra/)?scripts/([a-z-]+\\.sh)").matcher(all);
		while (scripts.find()) {
			assertThat(Repo.infra().resolve("scripts").resolve(scripts.group(1))).as(scripts.group()).exists();
		}
		assertThat(all).doesNotContain("init-secrets.sh").doesNotContain("render-task-definition.sh");
	}

	/** LOCATION_STREAM_PORT of location-service's task definition. */
	private static int locationStreamPort() {
		Object value = TaskDefinitions.environment("location-service").get("LOCATION_STREAM_PORT");
		assertThat(value).as("LOCATION_STREAM_PORT in infra/ecs/location-service.json").isNotNull();
		return Integer.parseInt(String.valueOf(value));
	}

	/** The container ports of the service's task definition. */
	private static List<Object> containerPorts(String service) {
		Map<String, Object> json = TaskDefinitions.json(Repo.read(TaskDefinitions.file(service)));
		Map<?, ?> container = (Map<?, ?>) ((List<?>) json.get("containerDefinitions")).get(0);
		return ((List<?>) container.get("portMappings")).stream()
			.<Object>map((mapping) -> ((Map<?, ?>) mapping).get("containerPort"))
			.toList();
	}

	/**
	 * What the service's nested stack registers with the load balancer (its ECS service's
	 * one LoadBalancers entry, resolved as CloudFormation would from the parameters the
	 * root passes), or null for none.
	 */
	private static Map<String, Object> registered(String service) {
		Object loadBalancers = resolve(Template.properties(nested, "EcsService").get("LoadBalancers"),
				parameters(Template.stackParameters(template, service)));
		if (loadBalancers == null) {
			return null;
		}
		assertThat((List<Object>) loadBalancers).as(service).hasSize(1);
		return (Map<String, Object>) ((List<?>) loadBalancers).get(0);
	}

	/** The nested template's parameter defaults, overridden by those passed. */
	private static Map<String, Object> parameters(Map<String, Object> passed) {
		Map<String, Object> values = new LinkedHashMap<>();
		Template.map(nested, "Parameters").forEach((name, spec) -> {
			if (((Map<?, ?>) spec).containsKey("Default")) {
				values.put(name, ((Map<?, ?>) spec).get("Default"));
			}
		});
		values.putAll(passed);
		return values;
	}

	/**
	 * A value of the nested template with its Ref, Fn::If, Fn::Equals, Fn::Not, Fn::And
	 * and Condition resolved; AWS::NoValue is null. A passed value is the root's
	 * expression and stays as it is.
	 */
	private static Object resolve(Object node, Map<String, Object> parameters) {
		if (node instanceof List<?> list) {
			return list.stream().map((item) -> resolve(item, parameters)).toList();
		}
		if (!(node instanceof Map<?, ?> map)) {
			return node;
		}
		if (map.size() == 1) {
			Map.Entry<?, ?> only = map.entrySet().iterator().next();
			Object argument = only.getValue();
			switch (String.valueOf(only.getKey())) {
				case "Ref" -> {
					if ("AWS::NoValue".equals(argument)) {
						return null;
					}
					assertThat(parameters).as("parameter %s", argument).containsKey(String.valueOf(argument));
					return parameters.get(String.valueOf(argument));
				}
				case "Fn::If" -> {
					List<?> branches = (List<?>) argument;
					return resolve(branches.get(condition(String.valueOf(branches.get(0)), parameters) ? 1 : 2),
							parameters);
				}
				case "Fn::Equals" -> {
					List<?> sides = (List<?>) argument;
					return String.valueOf(resolve(sides.get(0), parameters))
						.equals(String.valueOf(resolve(sides.get(1), parameters)));
				}
				case "Fn::Not" -> {
					return !((Boolean) resolve(((List<?>) argument).get(0), parameters));
				}
				case "Fn::And" -> {
					return ((List<?>) argument).stream().allMatch((c) -> (Boolean) resolve(c, parameters));
				}
				case "Condition" -> {
					return condition(String.valueOf(argument), parameters);
				}
				default -> {
				}
			}
		}
		Map<String, Object> resolved = new LinkedHashMap<>();
		map.forEach((key, value) -> resolved.put(String.valueOf(key), resolve(value, parameters)));
		return resolved;
	}

	private static boolean condition(String name, Map<String, Object> parameters) {
		return (Boolean) resolve(Template.get(nested, "Conditions", name), parameters);
	}

	private static List<String> orphans(Map<String, Object> template) {
		Set<String> referenced = new HashSet<>();
		for (String reference : references(template)) {
			referenced.add(reference.split("\\.")[0]);
		}
		List<String> orphans = new ArrayList<>();
		Template.map(template, "Resources").forEach((name, resource) -> {
			String type = String.valueOf(((Map<?, ?>) resource).get("Type"));
			if (!referenced.contains(name) && !ATTACHMENT_TYPES.contains(type)) {
				orphans.add(name);
			}
		});
		return orphans;
	}

	/**
	 * Every Ref, GetAtt ("Resource.Attribute"), Sub variable and DependsOn in resources
	 * and outputs.
	 */
	private static Set<String> references(Map<String, Object> template) {
		Set<String> found = new TreeSet<>();
		Template.map(template, "Resources").values().forEach((resource) -> {
			Object dependsOn = ((Map<?, ?>) resource).get("DependsOn");
			if (dependsOn instanceof List<?> list) {
				list.forEach((d) -> found.add(String.valueOf(d)));
			}
			else if (dependsOn != null) {
				found.add(String.valueOf(dependsOn));
			}
			collect(((Map<?, ?>) resource).get("Properties"), found);
		});
		collect(template.get("Outputs"), found);
		return found;
	}

	private static void collect(Object node, Set<String> found) {
		if (node instanceof List<?> list) {
			list.forEach((item) -> collect(item, found));
		}
		else if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if ("Ref".equals(key)) {
					found.add(String.valueOf(value));
				}
				else if ("Fn::GetAtt".equals(key) && value instanceof List<?> parts) {
					found.add(parts.get(0) + "." + parts.get(1));
				}
				else if ("Fn::Sub".equals(key)) {
					Object text = (value instanceof List<?> parts) ? parts.get(0) : value;
					Matcher variables = SUB_VARIABLE.matcher(String.valueOf(text));
					while (variables.find()) {
						found.add(variables.group(1));
					}
				}
				collect(value, found);
			});
		}
	}

	/**
	 * Whether a Prometheus name ({@code bowwow_push_dead_lettered_total}) belongs to a
	 * meter the services register ({@code bowwow.push.dead_lettered}): the meter name
	 * with dots as underscores, plus the suffix the Prometheus registry adds.
	 */
	private static boolean producedByTheServices(String prometheusName) {
		Set<String> meters = new TreeSet<>();
		Pattern meter = Pattern.compile("\"(bowwow\\.[a-z_.]+)\"");
		for (String service : Repo.services()) {
			meters.addAll(find(Repo.root().resolve(service).resolve("src/main/java"), meter));
		}
		for (String common : List.of("common-core", "common-web", "common-security", "common-events")) {
			meters.addAll(find(Repo.root().resolve(common).resolve("src/main/java"), meter));
		}
		for (String name : meters) {
			String base = name.replace('.', '_');
			for (String suffix : List.of("", "_total", "_seconds_max", "_max")) {
				if (prometheusName.equals(base + suffix)) {
					return true;
				}
			}
		}
		return false;
	}

	private static Set<String> find(Path directory, Pattern pattern) {
		Set<String> found = new TreeSet<>();
		if (!Files.isDirectory(directory)) {
			return found;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> {
				Matcher matcher = pattern.matcher(Repo.read(file));
				while (matcher.find()) {
					found.add(matcher.group(1));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return found;
	}

}
