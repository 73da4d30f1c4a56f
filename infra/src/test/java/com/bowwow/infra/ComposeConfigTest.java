package com.bowwow.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml as Docker Compose itself reads it ({@code docker-compose config -q}
 * needs no engine). CI installs docker-compose and must run this; on a developer machine
 * without it the check is skipped.
 */
class ComposeConfigTest {

	@Test
	void composeAcceptsTheFile() throws Exception {
		Path binary = findOnPath("docker-compose");
		if (binary == null) {
			assertThat(System.getenv("CI")).as("docker-compose must be installed in CI (.ci/run installs it)").isNull();
			assumeTrue(false, "docker-compose is not installed here");
		}
		// The file refuses to run without its secrets (no development keys on a compose
		// stack), so the check supplies placeholders for them.
		ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-f", "docker-compose.yml", "config", "-q")
			.directory(Repo.root().toFile())
			.redirectErrorStream(true);
		for (String secret : SECRETS) {
			builder.environment().put(secret, "placeholder");
		}
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
	}

	@Test
	void composeRefusesToRunWithoutItsSecrets() throws Exception {
		Path binary = findOnPath("docker-compose");
		assumeTrue(binary != null, "docker-compose is not installed here");
		for (String missing : SECRETS) {
			// An empty project directory: no .env a developer generated can fill the gap.
			ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-f",
					Repo.root().resolve("docker-compose.yml").toString(), "--project-directory",
					Files.createTempDirectory("compose").toString(), "config", "-q")
				.redirectErrorStream(true);
			for (String secret : SECRETS) {
				builder.environment().remove(secret);
				if (!secret.equals(missing)) {
					builder.environment().put(secret, "placeholder");
				}
			}
			Process process = builder.start();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as(missing + ": " + output).isNotZero();
			assertThat(output).contains(missing);
		}
	}

	private static final String[] SECRETS = { "JWT_VERIFICATION_KEYS", "JWT_SIGNING_KEY", "OPERATOR_TOKEN",
			"LOCATION_ENCRYPTION_KEYS", "LOCATION_ENCRYPTION_ACTIVE_KEY_ID" };

	private static Path findOnPath(String name) {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

}
