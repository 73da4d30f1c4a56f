package com.bowwow.infra;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CloudFormation template is valid against the current resource schema and makes the
 * plan in deployment-target.md real.
 */
@SuppressWarnings("unchecked")
class CloudFormationTemplateTest {

	private static CfnSchema schema;

	private static Map<String, Object> template;

	@BeforeAll
	static void load() {
		schema = CfnSchema.load();
		template = Template.load();
	}

	@Test
	void eachTemplateStaysUnderTheInlineBodyLimit() throws Exception {
		// package + deploy --s3-bucket lifts the limit to 1 MB; staying under the 51,200
		// bytes of an inline body keeps every template small enough to read and diff
		assertThat(Files.size(Template.path())).isLessThan(51_200);
		assertThat(Files.size(Template.servicePath())).isLessThan(51_200);
	}

	@Test
	void templateMatchesTheResourceSchema() {
		assertThat(CfnCheck.check(schema, template)).isEmpty();
	}

	@Test
	void serviceTemplateMatchesTheResourceSchema() {
		assertThat(CfnCheck.check(schema, Template.loadService())).isEmpty();
	}

	@Test
	void checkerRejectsTyposAndDanglingReferences() {
		assertProblem((t) -> Template.properties(t, "GatewayTargetGroup").put("HealthCheckPaht", "/health"),
				"GatewayTargetGroup.Properties.HealthCheckPaht: unknown property");
		assertProblem((t) -> Template.properties(t, "Cluster")
			.put("DefaultCapacityProviderStrategy", List.of(Map.of("CapacityProvider", "FARGATE", "Wieght", 1))),
				"DefaultCapacityProviderStrategy[0].Wieght: unknown property");
		assertProblem((t) -> Template.map(t, "Resources", "Vpc").put("Type", "AWS::EC2::VPCC"),
				"unknown resource type AWS::EC2::VPCC");
		assertProblem((t) -> Template.properties(t, "HttpsListener").remove("DefaultActions"),
				"HttpsListener.Properties.DefaultActions: required property missing");
		assertProblem((t) -> Template.properties(t, "GatewayTargetGroup").put("Port", "eighty"),
				"GatewayTargetGroup.Properties.Port: expected a integer");
		assertProblem((t) -> Template.properties(t, "Vpc").put("EnableDnsSupport", Map.of("Ref", "Missing")),
				"Ref to unknown Missing");
		assertProblem(
				(t) -> Template.map(t, "Outputs", "DatabaseEndpoint")
					.put("Value", Map.of("Fn::GetAtt", List.of("DatabaseCluster", "Endpoint.Adress"))),
				"has no attribute Endpoint.Adress");
		assertProblem((t) -> Template.map(t, "Outputs", "EcrRegistry").put("Value", Map.of("Fn::Sub", "${Nope}.x")),
				"Ref to unknown Nope");
		assertProblem((t) -> Template.map(t, "Parameters").put("Unused", Map.of("Type", "String")),
				"Parameters.Unused: declared but never used");
		assertProblem((t) -> Template.map(t, "Resources", "MetricsMissingAlarm").put("Condition", "Nope"),
				"unknown condition Nope");
	}

	private static void assertProblem(Consumer<Map<String, Object>> mutation, String expected) {
		Map<String, Object> copy = Template.load();
		mutation.accept(copy);
		assertThat(CfnCheck.check(schema, copy)).as("after mutation expecting '%s'", expected)
			.anySatisfy((problem) -> assertThat(problem).contains(expected));
	}

	@Test
	void networkIsThePlannedVpc() {
		Map<String, Object> vpc = Template.properties(template, "Vpc");
		assertThat(vpc).containsEntry("CidrBlock", "10.0.0.0/16");
		assertThat(Template.pairs(vpc.get("Tags"), "Key")).containsEntry("Name", "BowWow-VPC");
		Map<String, Object> publicA = Template.properties(template, "PublicSubnetA");
		Map<String, Object> privateA = Template.properties(template, "PrivateSubnetA");
		assertThat(publicA).containsEntry("CidrBlock", "10.0.1.0/24")
			.containsEntry("AvailabilityZone", Map.of("Fn::Sub", "${AWS::Region}a"));
		assertThat(privateA).containsEntry("CidrBlock", "10.0.2.0/24")
			.containsEntry("AvailabilityZone", Map.of("Fn::Sub", "${AWS::Region}a"));
		assertThat(Template.properties(template, "PublicSubnetB").get("AvailabilityZone"))
			.isEqualTo(Map.of("Fn::Sub", "${AWS::Region}b"));
		assertThat(Template.properties(template, "PrivateDefaultRoute")).containsKey("NatGatewayId");
		assertThat(Template.properties(template, "LoadBalancer").get("Subnets"))
			.isEqualTo(List.of(Map.of("Ref", "PublicSubnetA"), Map.of("Ref", "PublicSubnetB")));
	}

	@Test
	void databaseAndCacheAreReachableOnlyFromTheServices() {
		for (String group : List.of("DatabaseSecurityGroup", "CacheSecurityGroup", "EndpointSecurityGroup")) {
			List<?> ingress = (List<?>) Template.properties(template, group).get("SecurityGroupIngress");
			assertThat(ingress).hasSize(1);
			assertThat((Map<Object, Object>) ingress.get(0))
				.containsEntry("SourceSecurityGroupId", Map.of("Ref", "ServicesSecurityGroup"))
				.doesNotContainKey("CidrIp");
		}
		assertThat(Template.ofType(template, "AWS::EC2::SecurityGroupIngress"))
			.allSatisfy((name) -> assertThat(Template.properties(template, name).get("GroupId"))
				.isNotIn(Map.of("Ref", "DatabaseSecurityGroup"), Map.of("Ref", "CacheSecurityGroup")));
	}

	@Test
	void auroraServerlessV2AsPlanned() {
		Map<String, Object> db = Template.properties(template, "DatabaseCluster");
		assertThat(db).containsEntry("Engine", "aurora-postgresql")
			.containsEntry("DatabaseName", "bowwow")
			.containsEntry("ManageMasterUserPassword", true)
			.containsEntry("StorageEncrypted", true)
			.doesNotContainKey("MasterUserPassword");
		assertThat(Template.get(template, "Parameters", "DbEngineVersion", "Default")).isEqualTo("15.4");
		assertThat(db.get("ServerlessV2ScalingConfiguration")).isEqualTo(Map.of("MinCapacity", 0.5, "MaxCapacity", 16));
		assertThat(Template.properties(template, "DatabaseWriter")).containsEntry("DBInstanceClass", "db.serverless")
			.containsEntry("PubliclyAccessible", false)
			// a pinned version and automatic minor upgrades contradict each other: the
			// next
			// stack update would try to go back to the pinned version
			.containsEntry("AutoMinorVersionUpgrade", false);
		assertThat(db).containsEntry("EngineVersion", Map.of("Ref", "DbEngineVersion"));
		assertThat(Template.properties(template, "DatabaseSubnetGroup").get("SubnetIds"))
			.isEqualTo(List.of(Map.of("Ref", "PrivateSubnetA"), Map.of("Ref", "PrivateSubnetB")));
	}

	@Test
	void redisHasAuthAndTls() {
		Map<String, Object> cache = Template.properties(template, "Cache");
		assertThat(cache).containsEntry("TransitEncryptionEnabled", true)
			.containsEntry("AtRestEncryptionEnabled", true)
			.containsEntry("AuthToken", Map.of("Fn::Sub", "{{resolve:secretsmanager:${RedisAuthSecret}}}"));
	}

	@Test
	void redisNeverEvictsAndSurvivesAnAzLoss() {
		Map<String, Object> cache = Template.properties(template, "Cache");
		assertThat(cache).containsEntry("CacheParameterGroupName", Map.of("Ref", "CacheParameters"))
			.containsEntry("MultiAZEnabled", true)
			.containsEntry("AutomaticFailoverEnabled", true)
			.containsEntry("NumCacheClusters", 2);
		Map<String, Object> parameters = Template.properties(template, "CacheParameters");
		assertThat(parameters.get("Properties")).isEqualTo(Map.of("maxmemory-policy", "noeviction"));
		assertThat(String.valueOf(parameters.get("CacheParameterGroupFamily")))
			.isEqualTo("redis" + String.valueOf(cache.get("EngineVersion")).split("\\.")[0]);
		assertThat(Template.properties(template, "CacheSubnetGroup").get("SubnetIds"))
			.isEqualTo(List.of(Map.of("Ref", "PrivateSubnetA"), Map.of("Ref", "PrivateSubnetB")));
	}

	@Test
	void noSecretValueInTheTemplate() {
		for (String secret : Template.ofType(template, "AWS::SecretsManager::Secret")) {
			assertThat(Template.properties(template, secret)).as(secret).doesNotContainKey("SecretString");
		}
		assertThat(Repo.read(Template.path()))
			.doesNotContainPattern("(?im)^\\s*(MasterUserPassword|SecretString|password):");
	}

	@Test
	void clusterUsesFargateAndSpotOneToFour() {
		Map<String, Object> cluster = Template.properties(template, "Cluster");
		assertThat(cluster).containsEntry("ClusterName", "bowwow-cluster")
			.containsEntry("CapacityProviders", List.of("FARGATE", "FARGATE_SPOT"));
		Map<String, Object> weights = new LinkedHashMap<>();
		for (Object strategy : (List<?>) cluster.get("DefaultCapacityProviderStrategy")) {
			weights.put(String.valueOf(((Map<?, ?>) strategy).get("CapacityProvider")),
					((Map<?, ?>) strategy).get("Weight"));
		}
		assertThat(weights).isEqualTo(Map.of("FARGATE", 1, "FARGATE_SPOT", 4));
		assertThat(Template.properties(template, "Namespace")).containsEntry("Name", "bowwow.local");
	}

	@Test
	void everyServiceIsDeployedRegisteredLoggedAndStored() {
		List<String> services = Repo.services();
		assertThat(services).hasSize(6);
		Map<String, Object> nested = Template.loadService();
		for (String service : services) {
			Map<String, Object> stack = Template.map(template, "Resources", Template.stackOf(service));
			assertThat(stack).containsEntry("Type", "AWS::CloudFormation::Stack");
			assertThat(Template.map(stack, "Properties")).containsEntry("TemplateURL", "service.yaml");
			Map<String, Object> parameters = Template.stackParameters(template, service);
			assertThat(parameters).as(service)
				.containsEntry("Service", service)
				.containsEntry("Port", Repo.pomPort(service))
				.containsEntry("Enabled", Map.of("Ref", "ServicesEnabled"))
				.containsEntry("Cluster", Map.of("Ref", "Cluster"))
				.containsEntry("NamespaceId", Map.of("Ref", "Namespace"));
		}
		assertThat(Template.ofType(template, "AWS::CloudFormation::Stack")).hasSize(services.size());
		assertThat(Template.ofType(template, "AWS::ECS::Service")).isEmpty();
		// what each nested stack makes of its Service parameter
		Map<String, Object> ecs = Template.properties(nested, "EcsService");
		assertThat(ecs).containsEntry("ServiceName", Map.of("Fn::Sub", "bowwow-${Service}"))
			.containsEntry("TaskDefinition", Map.of("Fn::Sub", "bowwow-${Service}"))
			.containsEntry("Cluster", Map.of("Ref", "Cluster"))
			.doesNotContainKey("LaunchType");
		assertThat(Template.get(nested, "Resources", "EcsService", "Condition")).isEqualTo("IsEnabled");
		Map<String, Object> deployment = Template.map(ecs, "DeploymentConfiguration");
		assertThat(deployment.get("DeploymentCircuitBreaker")).isEqualTo(Map.of("Enable", true, "Rollback", true));
		assertThat(deployment).containsEntry("MinimumHealthyPercent", 100);
		assertThat(ecs.get("ServiceRegistries"))
			.isEqualTo(List.of(Map.of("RegistryArn", Map.of("Fn::GetAtt", List.of("Discovery", "Arn")))));
		assertThat(Template.properties(nested, "Discovery")).containsEntry("Name", Map.of("Ref", "Service"))
			.containsEntry("NamespaceId", Map.of("Ref", "NamespaceId"));
		assertThat(Template.properties(nested, "LogGroup"))
			.containsEntry("LogGroupName", Map.of("Fn::Sub", "/ecs/bowwow-${Service}"))
			.containsKey("RetentionInDays");
		assertThat(Template.properties(nested, "Repository"))
			.containsEntry("RepositoryName", Map.of("Fn::Sub", "bowwow/${Service}"))
			.containsEntry("ImageTagMutability", "IMMUTABLE")
			.containsKey("LifecyclePolicy");
		// the gateway sits behind the load balancer, and location-service for the live
		// stream only (OperationalRulesTest: the stream's rule)
		assertThat(Template.stackParameters(template, "gateway")).containsEntry("TargetGroupArn",
				Map.of("Ref", "GatewayTargetGroup"));
		assertThat(Template.stackParameters(template, "location-service")).containsEntry("TargetGroupArn",
				Map.of("Ref", "LocationStreamTargetGroup"));
		for (String service : services) {
			if (!service.equals("gateway") && !service.equals("location-service")) {
				assertThat(Template.stackParameters(template, service)).doesNotContainKeys("TargetGroupArn",
						"LoadBalancerPort");
			}
		}
		// the service port unless LoadBalancerPort names another (location-service's
		// stream port); the gateway passes none
		assertThat(ecs.get("LoadBalancers")).isEqualTo(Map
			.of("Fn::If", List.of("Balanced", List.of(Map.of("ContainerName", Map.of("Ref", "Service"), "ContainerPort",
					Map.of("Fn::If",
							List.of("BalancedOnServicePort", Map.of("Ref", "Port"), Map.of("Ref", "LoadBalancerPort"))),
					"TargetGroupArn", Map.of("Ref", "TargetGroupArn"))), Map.of("Ref", "AWS::NoValue"))));
		assertThat(Template.get(nested, "Conditions", "BalancedOnServicePort"))
			.isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "LoadBalancerPort"), "")));
		assertThat(Template.get(nested, "Parameters", "LoadBalancerPort", "Default")).isEqualTo("");
		assertThat(Template.stackParameters(template, "gateway")).doesNotContainKey("LoadBalancerPort");
		assertThat(Template.stackParameters(template, "location-service")).containsEntry("LoadBalancerPort",
				Template.properties(template, "LocationStreamTargetGroup").get("Port"));
		// ECS refuses a target group no listener rule uses yet
		assertThat(Template.get(template, "Resources", "GatewayStack", "DependsOn")).isEqualTo("FromCloudFrontRule");
		assertThat(Template.get(template, "Resources", "LocationServiceStack", "DependsOn"))
			.isEqualTo("LocationStreamRule");
	}

	@Test
	void loadBalancerServesWebSocketsOverHttps() {
		assertThat(Template.properties(template, "LoadBalancer")).containsEntry("Name", "bowwow-alb")
			.containsEntry("Scheme", "internet-facing");
		Map<String, Object> lbAttributes = Template
			.pairs(Template.properties(template, "LoadBalancer").get("LoadBalancerAttributes"), "Key");
		// clients ping the stream every ~30 s: the idle timeout must outlast a few missed
		// pings
		assertThat(Integer.parseInt((String) lbAttributes.get("idle_timeout.timeout_seconds")))
			.isGreaterThanOrEqualTo(90);
		Map<String, Object> targets = Template.properties(template, "GatewayTargetGroup");
		assertThat(targets).containsEntry("Name", "bowwow-gateway-tg")
			.containsEntry("Port", 8000)
			.containsEntry("Protocol", "HTTP")
			.containsEntry("TargetType", "ip")
			.containsEntry("HealthCheckPath", "/readyz");
		Map<String, Object> attributes = Template.pairs(targets.get("TargetGroupAttributes"), "Key");
		assertThat(attributes).containsEntry("stickiness.enabled", "true")
			.containsKey("deregistration_delay.timeout_seconds");
		Map<String, Object> https = Template.properties(template, "HttpsListener");
		assertThat(https).containsEntry("Protocol", "HTTPS")
			.containsEntry("Certificates", List.of(Map.of("CertificateArn", Map.of("Ref", "CertificateArn"))));
		assertThat(Template.ofType(template, "AWS::ElasticLoadBalancingV2::Listener")).containsExactly("HttpsListener");
	}

	@Test
	void gatewayScalesTwoToTwentyOnCpu() {
		assertThat(Template.stackParameters(template, "gateway")).containsEntry("DesiredCount", 2)
			.containsEntry("MaxCount", 20)
			.containsEntry("Scaling", "cpu");
		Map<String, Object> nested = Template.loadService();
		Map<String, Object> target = Template.properties(nested, "ScalableTarget");
		assertThat(target).containsEntry("MinCapacity", Map.of("Ref", "DesiredCount"))
			.containsEntry("MaxCapacity", Map.of("Ref", "MaxCount"))
			.containsEntry("ResourceId", Map.of("Fn::Sub", "service/${Cluster}/bowwow-${Service}"));
		Map<String, Object> policy = Template.map(nested, "Resources", "CpuScaling", "Properties",
				"TargetTrackingScalingPolicyConfiguration");
		assertThat(policy).containsEntry("TargetValue", Map.of("Ref", "CpuTarget"));
		assertThat(Template.get(nested, "Parameters", "CpuTarget", "Default")).isEqualTo(70);
		assertThat(policy.get("PredefinedMetricSpecification"))
			.isEqualTo(Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization"));
	}

	@Test
	void monitoringAsPlanned() {
		Map<String, Object> alarm = Template.properties(template, "HighCpuAlarm");
		assertThat(alarm).containsEntry("AlarmName", "BowWow-HighCPU")
			.containsEntry("Threshold", 80)
			.containsEntry("EvaluationPeriods", 2)
			.containsEntry("ComparisonOperator", "GreaterThanThreshold")
			.containsEntry("AlarmActions", List.of(Map.of("Ref", "AlertsTopic")));
		List<String> alarmed = new ArrayList<>();
		for (Object metric : (List<?>) alarm.get("Metrics")) {
			Map<?, ?> stat = (Map<?, ?>) ((Map<?, ?>) metric).get("MetricStat");
			if (stat != null) {
				assertThat(stat.get("Period")).isEqualTo(300);
				assertThat(stat.get("Stat")).isEqualTo("Average");
				Map<?, ?> m = (Map<?, ?>) stat.get("Metric");
				assertThat(m.get("MetricName")).isEqualTo("CPUUtilization");
				alarmed.add(String.valueOf(Template.pairs(m.get("Dimensions"), "Name").get("ServiceName")));
			}
		}
		assertThat(alarmed)
			.containsExactlyInAnyOrderElementsOf(Repo.services().stream().map((s) -> "bowwow-" + s).toList());
		Map<String, Object> dashboard = Template.properties(template, "Dashboard");
		assertThat(dashboard).containsEntry("DashboardName", "BowWow-Metrics");
		String body = (String) Template.get(dashboard, "DashboardBody", "Fn::Sub");
		Map<?, ?> parsed = tools.jackson.databind.json.JsonMapper.shared()
			.readValue(body.replace("${AWS::Region}", "us-east-1").replace("${Cluster}", "bowwow-cluster"), Map.class);
		List<?> widgets = (List<?>) parsed.get("widgets");
		Set<String> seen = new java.util.HashSet<>();
		for (Object widget : widgets) {
			Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) widget).get("properties");
			assertThat(properties.get("period")).isEqualTo(300);
			assertThat(properties.get("stat")).isEqualTo("Average");
			String metricName = null;
			for (Object line : (List<?>) properties.get("metrics")) {
				List<?> row = (List<?>) line;
				if (!row.get(0).equals("...")) {
					metricName = (String) row.get(1);
				}
				seen.add(metricName + " " + row.get(row.size() - 1));
			}
		}
		for (String service : Repo.services()) {
			assertThat(seen).contains("CPUUtilization bowwow-" + service, "MemoryUtilization bowwow-" + service);
		}
	}

	@Test
	void edgeAsPlanned() {
		Map<String, Object> distribution = Template.map(template, "Resources", "EdgeDistribution", "Properties",
				"DistributionConfig");
		assertThat(distribution).containsEntry("PriceClass", "PriceClass_100");
		Map<String, Object> record = Template.properties(template, "ApiRecordNorthAmerica");
		assertThat(record).containsEntry("Type", "A")
			.containsEntry("SetIdentifier", "US-East-1")
			.containsEntry("GeoLocation", Map.of("ContinentCode", "NA"))
			.containsEntry("Name", Map.of("Ref", "DomainName"));
		assertThat(Template.get(template, "Parameters", "DomainName", "Default")).isEqualTo("api.bowwow.app");
		// CloudFront is in the traffic path: the name points at the distribution, not the
		// ALB
		assertThat(Template.map(record, "AliasTarget")).containsEntry("DNSName",
				Map.of("Fn::GetAtt", List.of("EdgeDistribution", "DomainName")));
	}

	@Test
	void iamResourcesAreUnnamedSoCapabilityIamSuffices() {
		iamResourcesAreUnnamed(template);
		iamResourcesAreUnnamed(Template.loadService());
	}

	private static void iamResourcesAreUnnamed(Map<String, Object> template) {
		for (String type : List.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User",
				"AWS::IAM::Group", "AWS::IAM::InstanceProfile")) {
			for (String name : Template.ofType(template, type)) {
				assertThat(Template.properties(template, name)).as(name)
					.doesNotContainKeys("RoleName", "PolicyName", "ManagedPolicyName", "UserName", "GroupName",
							"InstanceProfileName");
			}
		}
		assertThat(Template.map(template, "Resources").toString()).doesNotContain("\"Action\":\"*\"")
			.doesNotContain("Action=*");
	}

}
