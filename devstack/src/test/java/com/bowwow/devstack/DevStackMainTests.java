package com.bowwow.devstack;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DevStackMainTests {

	@Test
	void noUrlsMeansEmbeddedServers() {
		assertThat(DevStackMain.fromEnvironment(Map.of())).isEmpty();
	}

	@Test
	void readsPostgresAndRedisUrls() {
		Infrastructure infrastructure = DevStackMain
			.fromEnvironment(Map.of("DATABASE_URL", "postgresql://db.local:5433/bowwow", "DATABASE_USERNAME", "app",
					"REDIS_URL", "redis://:s3cret@cache.local:6380/2"))
			.orElseThrow();
		assertThat(infrastructure.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/bowwow");
		assertThat(infrastructure.databaseUser()).isEqualTo("app");
		assertThat(infrastructure.redisHost()).isEqualTo("cache.local");
		assertThat(infrastructure.redisPort()).isEqualTo(6380);
		assertThat(infrastructure.redisPassword()).isEqualTo("s3cret");
		assertThat(infrastructure.redisDatabase()).isEqualTo(2);
	}

	@Test
	void keepsJdbcUrlsAsGiven() {
		assertThat(DevStackMain
			.fromEnvironment(
					Map.of("DATABASE_URL", "jdbc:postgresql://localhost/bowwow", "REDIS_URL", "redis://localhost"))
			.orElseThrow()
			.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/bowwow");
	}

	@Test
	void refusesHalfAConfiguration() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> DevStackMain.fromEnvironment(Map.of("DATABASE_URL", "jdbc:postgresql://localhost/bowwow")));
	}

	@Test
	void composeEnvironmentHoldsFreshProductionSecrets() {
		Map<String, String> first = parseEnv(DevStackMain.composeEnvironment());
		assertThat(first).containsOnlyKeys("JWT_SIGNING_KEY", "JWT_VERIFICATION_KEYS", "OPERATOR_TOKEN",
				"LOCATION_ENCRYPTION_KEYS", "LOCATION_ENCRYPTION_ACTIVE_KEY_ID");
		assertThat(first.get("JWT_SIGNING_KEY")).contains("\"d\":").doesNotContain("dev-local");
		assertThat(first.get("JWT_VERIFICATION_KEYS")).startsWith("{\"keys\":[").doesNotContain("\"d\":");
		assertThat(first.get("OPERATOR_TOKEN")).hasSizeGreaterThanOrEqualTo(32);
		assertThat(first.get("LOCATION_ENCRYPTION_KEYS"))
			.startsWith(first.get("LOCATION_ENCRYPTION_ACTIVE_KEY_ID") + ":");
		assertThat(first.values()).allSatisfy((value) -> assertThat(value).doesNotContain(" ", "#", "$"));
		assertThat(parseEnv(DevStackMain.composeEnvironment()).get("OPERATOR_TOKEN"))
			.isNotEqualTo(first.get("OPERATOR_TOKEN"));
	}

	private static Map<String, String> parseEnv(String env) {
		Map<String, String> values = new java.util.LinkedHashMap<>();
		env.lines()
			.filter((line) -> !line.startsWith("#"))
			.forEach((line) -> values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
		return values;
	}

	@Test
	void jvmFlagsComeFromTheRootPom() {
		assertThat(DevStack.jvmFlags()).contains("-XX:+UseSerialGC").anyMatch((flag) -> flag.startsWith("-Xss"));
	}

	@Test
	void eachServiceAddsItsOwnFlagsAsItsImageDoes() {
		// Code-cache collections off everywhere but in location-service, whose heap they
		// keep compacted (root pom).
		assertThat(DevStack.serviceJvmFlags("gateway")).containsExactly("-XX:SweeperThreshold=100");
		assertThat(DevStack.serviceJvmFlags("signal-service")).containsExactly("-XX:SweeperThreshold=100");
		assertThat(DevStack.serviceJvmFlags("location-service")).isEmpty();
	}

	@Test
	void aDevelopersStackDoesNotWarmUnlessAsked() {
		assertThat(DevStackMain.developerEnvironment(Map.of())).containsEntry("BOWWOW_WARMUP_ROUNDS", "0");
		assertThat(DevStackMain.developerEnvironment(Map.of("BOWWOW_WARMUP_ROUNDS", "40")))
			.containsEntry("BOWWOW_WARMUP_ROUNDS", "40");
	}

}
