package com.bowwow.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy scripts in {@code --dry-run} mode: they print every AWS call, make none (an
 * {@code aws} on the PATH that records calls stays unused), and render task definitions
 * the ECS API accepts.
 */
class DeployScriptsTest {

	private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

	private static final String ACCOUNT = "123456789012";

	@TempDir
	Path temp;

	private Path awsCalls;

	private Path outputs;

	private Path kept;

	@BeforeEach
	void fakeAwsAndStackOutputs() throws IOException {
		Path bin = Files.createDirectories(this.temp.resolve("bin"));
		this.awsCalls = this.temp.resolve("aws-calls.log");
		Path aws = bin.resolve("aws");
		Files.writeString(aws, "#!/bin/sh\necho \"$@\" >> '" + this.awsCalls + "'\nexit 99\n");
		Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
		// what describe-stacks returns: every output of the template, with values shaped
		// like the real ones
		StringBuilder tsv = new StringBuilder();
		for (String key : Template.map(Template.load(), "Outputs").keySet()) {
			tsv.append(key).append('\t').append(sampleValue(key)).append('\n');
		}
		this.outputs = this.temp.resolve("outputs.tsv");
		Files.writeString(this.outputs, tsv);
		this.kept = Files.createDirectories(this.temp.resolve("rendered"));
	}

	private static String sampleValue(String output) {
		if (output.equals("EcrRegistry")) {
			return ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com";
		}
		if (output.endsWith("SecretArn")) {
			return "arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:bowwow/production/" + output + "-AbCdEf";
		}
		if (output.endsWith("RoleArn")) {
			return "arn:aws:iam::" + ACCOUNT + ":role/bowwow-prod-" + output + "-1A2B3C4D5E6F";
		}
		if (output.endsWith("Port")) {
			return "6379";
		}
		return output.toLowerCase() + ".example.internal";
	}

	@Test
	void dryRunOfOneServicePrintsEveryCallAndMakesNone() throws Exception {
		Result result = run("deploy.sh", "--dry-run", "--image-tag", SHA, "gateway");
		assertThat(result.exitCode).as(result.stderr).isZero();
		assertThat(Files.exists(this.awsCalls)).as("aws was called").isFalse();
		List<String> calls = result.awsCalls();
		assertThat(calls).hasSize(7);
		assertThat(calls.get(0)).contains("cloudformation describe-stacks --stack-name bowwow-prod");
		assertThat(calls.get(1))
			.contains("ecr describe-images --repository-name bowwow/gateway --image-ids imageTag=" + SHA);
		assertThat(calls.get(2)).contains("ecs describe-services --cluster bowwow-cluster --services bowwow-gateway");
		assertThat(calls.get(3)).contains("ecs register-task-definition --cli-input-json file://");
		assertThat(calls.get(4)).contains("ecs update-service --cluster bowwow-cluster --service bowwow-gateway")
			.contains("--task-definition arn:aws:ecs:us-east-1:000000000000:task-definition/bowwow-gateway:2");
		assertThat(calls.get(5))
			.contains("ecs wait services-stable --cluster bowwow-cluster --services bowwow-gateway");
		assertThat(calls.get(6)).contains("ecs describe-services").contains("rolloutState");
		assertThat(calls).allSatisfy((call) -> assertThat(call).contains("--region us-east-1"));

		ContainerDefinition container = rendered("gateway").containerDefinitions().get(0);
		assertThat(container.image()).isEqualTo(ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/bowwow/gateway:" + SHA);
		assertThat(container.secrets()).allSatisfy((secret) -> assertThat(secret.valueFrom())
			.startsWith("arn:aws:secretsmanager:us-east-1:" + ACCOUNT + ":secret:bowwow/production/"));
	}

	@Test
	void dryRunOfAllServicesDeploysTheGatewayLast() throws Exception {
		Result result = run("deploy.sh", "--dry-run", "--image-tag", SHA, "all");
		assertThat(result.exitCode).as(result.stderr).isZero();
		assertThat(Files.exists(this.awsCalls)).isFalse();
		List<String> updated = result.awsCalls()
			.stream()
			.filter((call) -> call.contains("ecs update-service"))
			.map((call) -> call.replaceAll(".*--service (\\S+).*", "$1"))
			.toList();
		assertThat(updated).containsExactly("bowwow-user-service", "bowwow-location-service", "bowwow-signal-service",
				"bowwow-push-service", "bowwow-analytics-service", "bowwow-gateway");
		for (String service : Repo.services()) {
			RegisterTaskDefinitionRequest request = rendered(service);
			assertThat(request.family()).isEqualTo("bowwow-" + service);
			assertThat(request.executionRoleArn()).startsWith("arn:aws:iam::" + ACCOUNT + ":role/");
		}
	}

	@Test
	void firstReleaseRegistersRevisionsWithoutTouchingServices() throws Exception {
		Result result = run("deploy.sh", "--dry-run", "--register-only", "--image-tag", SHA, "all");
		assertThat(result.exitCode).as(result.stderr).isZero();
		List<String> calls = result.awsCalls();
		assertThat(calls).filteredOn((call) -> call.startsWith("ecs register-task-definition")).hasSize(6);
		assertThat(calls)
			.noneMatch((call) -> call.startsWith("ecs update-service") || call.startsWith("ecs describe-services"));
		assertThat(Files.exists(this.awsCalls)).isFalse();
	}

	@Test
	void refusesWhatWouldDeploySomethingElse() throws Exception {
		assertThat(run("deploy.sh", "--dry-run", "--image-tag", "latest", "gateway").exitCode).isNotZero();
		assertThat(run("deploy.sh", "--dry-run", "--image-tag", SHA, "gatewy").exitCode).isNotZero();
		Files.writeString(this.outputs, Files.readString(this.outputs).replaceAll("(?m)^TaskRoleArn\t.*\n", ""));
		Result missing = run("deploy.sh", "--dry-run", "--image-tag", SHA, "user-service");
		assertThat(missing.exitCode).isNotZero();
		assertThat(missing.stderr).contains("{{TaskRoleArn}} is neither ImageTag nor an output of stack bowwow-prod");
		assertThat(Files.exists(this.awsCalls)).isFalse();
	}

	@Test
	void rollbackDryRunReturnsToThePreviousRevisionAndRetiresTheCurrent() throws Exception {
		Result result = run("rollback.sh", "--dry-run", "signal-service");
		assertThat(result.exitCode).as(result.stderr).isZero();
		List<String> calls = result.awsCalls();
		assertThat(calls).anySatisfy((call) -> assertThat(call).contains("ecs update-service")
			.contains("--task-definition arn:aws:ecs:us-east-1:000000000000:task-definition/bowwow-signal-service:1"));
		assertThat(calls.get(calls.size() - 1)).contains(
				"ecs deregister-task-definition --task-definition arn:aws:ecs:us-east-1:000000000000:task-definition/bowwow-signal-service:2");
		assertThat(Files.exists(this.awsCalls)).isFalse();
	}

	@Test
	void imagePushDryRunUsesJibWithTheRegistryAndTheCommit() throws Exception {
		Result result = run("build-push-images.sh", "--dry-run", "gateway", "push-service");
		if (result.stderr.contains("no commit to deploy")) {
			return; // a repository without commits has nothing to push
		}
		assertThat(result.exitCode).as(result.stderr).isZero();
		assertThat(result.stderr).containsPattern(
				"run> \\./mvnw -B -pl push-service\\\\,gateway -am -DskipTests package jib:build -Dimage\\.registry=000000000000\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com -Dgit\\.sha=[0-9a-f]{40}");
		assertThat(result.awsCalls()).anySatisfy((call) -> assertThat(call).contains("ecr get-login-password"));
		assertThat(Files.exists(this.awsCalls)).isFalse();
		// the start-up caches are trained and the images verified on the real base image
		// before anything is
		// pushed, and the pushed images carry them
		int training = result.stderr.indexOf("verify-images.sh --production --registry-base push-service gateway");
		int push = result.stderr.indexOf("jib:build");
		assertThat(training).as(result.stderr).isNotNegative().isLessThan(push);
		assertThat(result.stderr.substring(push)).contains("-Dbowwow.image.startupCache");
	}

	@Test
	void theImageStartupCacheFlagNamesWhereTheTrainingPutsTheCache() {
		String pom = Repo.read(Repo.root().resolve("pom.xml"));
		String script = Repo.read(Repo.infra().resolve("scripts/verify-images.sh"));
		// the cache only takes jars on the class path: the service's classes go in as its
		// jar
		assertThat(pom).contains("<containerizingMode>packaged</containerizingMode>");
		// the profile adds <layer> at / and points the JVM at the file verify-images.sh
		// puts under it
		assertThat(pom).contains("<path>${project.build.directory}/image-startup-cache/layer</path>")
			.contains(
					"<bowwow.image.startup.flags>-XX:AOTCache=/app/startup-cache/app.aot</bowwow.image.startup.flags>")
			.contains(
					"<JDK_JAVA_OPTIONS>${bowwow.jvm.flags} ${bowwow.jvm.service.flags} ${bowwow.image.startup.flags}</JDK_JAVA_OPTIONS>");
		// the image that gets the cache keeps the classes it was trained on: Spring AOT's
		// proxies differ from one run of it to the next
		String profile = pom.substring(pom.indexOf("<id>image-startup-cache</id>"));
		assertThat(profile.substring(0, profile.indexOf("</profile>")))
			.containsPattern("<id>process-aot</id>\\s*<configuration>\\s*<skip>true</skip>");
		assertThat(pom).contains("-Dspring.aot.enabled=true</bowwow.jvm.flags>");
		assertThat(script).contains("dir=\"$REPO_ROOT/$1/target/image-startup-cache\"")
			.contains("mv \"$dir/training/app.aot\" \"$dir/layer/app/startup-cache/app.aot\"")
			.contains("build_images -Dbowwow.image.startupCache");
	}

	@Test
	void theTrainingGetsRoomToWriteTheCacheWhileItsJvmSizesItselfAsTheTask() {
		String script = Repo.read(Repo.infra().resolve("scripts/verify-images.sh"));
		// the checks run with the task's memory, and so does the training JVM's own
		// sizing
		// (a cache only fits the heap it was made for); the container has room for the
		// dump
		for (String service : Repo.services()) {
			String task = Repo.read(Repo.infra().resolve("ecs/" + service + ".json"));
			assertThat(task).as(service).contains("\"memory\": \"512\"");
		}
		assertThat(script).contains("TASK_MEMORY=512m")
			.contains("MEMORY_ARGS=(--memory \"$TASK_MEMORY\")")
			.contains("options+=\" -XX:MaxRAM=$TASK_MEMORY\"");
		assertThat(script.split(Pattern.quote("RUN_MEMORY=1g run_container \"bowwow-train-$service\""), -1))
			.as("record and create")
			.hasSize(3);
		// a training start that did not exit cleanly leaves no configuration to make a
		// cache of
		assertThat(script).contains("[[ \"$rc\" == 0 && -s \"$dir/training/app.aotconf\" ]]");
		// the initial heap holds the cache's archived objects (at 8 MiB the JVM refused a
		// cache)
		assertThat(Repo.read(Repo.root().resolve("pom.xml"))).contains("-XX:InitialRAMPercentage=6");
	}

	@Test
	void imagePushWithoutStartupCacheNeitherTrainsNorAddsIt() throws Exception {
		Result result = run("build-push-images.sh", "--dry-run", "--no-startup-cache", "gateway");
		if (result.stderr.contains("no commit to deploy")) {
			return;
		}
		assertThat(result.exitCode).as(result.stderr).isZero();
		assertThat(result.stderr).contains("jib:build")
			.doesNotContain("verify-images.sh")
			.doesNotContain("bowwow.image.startupCache");
	}

	@Test
	void databaseBootstrapDryRunCreatesSchemasAndSetsScramPasswords() throws Exception {
		Result result = run("bootstrap-db.sh", "--dry-run");
		assertThat(result.exitCode).as(result.stderr).isZero();
		List<String> statements = result.awsCalls()
			.stream()
			.filter((call) -> call.startsWith("rds-data execute-statement"))
			.toList();
		assertThat(statements).hasSize(6);
		assertThat(statements.get(0)).contains("CREATE SCHEMA IF NOT EXISTS");
		for (String service : Repo.services()) {
			if (!service.equals("gateway")) {
				String role = service.replace('-', '_');
				assertThat(statements).anySatisfy((call) -> assertThat(call).containsPattern("ALTER\\\\ ROLE\\\\ "
						+ role + "\\\\ WITH\\\\ LOGIN\\\\ PASSWORD\\\\ \\\\'SCRAM-SHA-256\\\\\\$4096:"));
			}
		}
		assertThat(Files.exists(this.awsCalls)).isFalse();
	}

	private RegisterTaskDefinitionRequest rendered(String service) {
		Path file = this.kept.resolve(service + ".json");
		assertThat(file).exists();
		String json = Repo.read(file);
		assertThat(json).doesNotContain("{{").doesNotContain("dry-run-");
		Map<String, Object> parsed = TaskDefinitions.json(json);
		RegisterTaskDefinitionRequest request = TaskDefinitions.bind(parsed, service);
		assertThat(SdkJson.unknownEnumValues(request, service)).isEmpty();
		return request;
	}

	private Result run(String script, String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of("bash", Repo.infra().resolve("scripts").resolve(script).toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.root().toFile());
		builder.environment().put("PATH", this.temp.resolve("bin") + ":" + System.getenv("PATH"));
		builder.environment().put("STACK_OUTPUTS_FILE", this.outputs.toString());
		builder.environment().put("DRY_RUN_KEEP", this.kept.toString());
		builder.environment().remove("AWS_REGION");
		builder.environment().remove("STACK_NAME");
		Path out = this.temp.resolve("stdout");
		Path err = this.temp.resolve("stderr");
		Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished in time").isTrue();
		return new Result(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
	}

	private record Result(int exitCode, String stderr) {

		/** The printed AWS calls, without the "aws> aws " prefix. */
		List<String> awsCalls() {
			return this.stderr.lines()
				.filter((line) -> line.startsWith("aws> aws "))
				.map((line) -> line.substring("aws> aws ".length()))
				.toList();
		}

	}

}
