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
	void jvmFlagsComeFromTheRootPom() {
		assertThat(DevStack.jvmFlags()).contains("-XX:+UseSerialGC").anyMatch((flag) -> flag.startsWith("-Xss"));
	}

}
