package com.bowwow.common.autoconfigure;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service gets common's datasource, Flyway and Redis settings and overrides any of
 * them in its own {@code application.yml}, through an environment variable or in a test.
 */
class ServiceDefaultsTests {

	@Test
	void aServiceGetsTheSharedDefaultsAndOverridesThemInItsOwnYaml() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.run("--spring.config.name=defaults-demo-service", "--REDIS_HOST=redis.example")) {
			assertSettings(context.getEnvironment(), Map.ofEntries(
					// its own YAML wins
					Map.entry("spring.data.redis.timeout", "7s"), Map.entry("spring.flyway.connect-retries", "3"),
					// an environment variable fills the shared placeholder
					Map.entry("spring.data.redis.host", "redis.example"),
					// the rest are the shared defaults
					Map.entry("spring.data.redis.port", "6379"), Map.entry("spring.data.redis.connect-timeout", "5s"),
					Map.entry("spring.data.redis.ssl.enabled", "false"),
					Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "20s"),
					Map.entry("spring.datasource.url", "jdbc:postgresql://localhost:5432/bowwow"),
					Map.entry("spring.datasource.username", "postgres"), Map.entry("spring.datasource.password", ""),
					Map.entry("spring.datasource.hikari.maximum-pool-size", "10"),
					Map.entry("spring.datasource.hikari.minimum-idle", "2"),
					Map.entry("spring.datasource.hikari.initialization-fail-timeout", "-1"),
					Map.entry("spring.flyway.connect-retries-interval", "5s"),
					Map.entry("spring.flyway.create-schemas", "true"),
					// named after the service
					Map.entry("spring.datasource.hikari.pool-name", "demo-service"),
					Map.entry("spring.datasource.hikari.schema", "demo_service"),
					Map.entry("spring.flyway.schemas", "demo_service")));
		}
	}

	@Test
	void deploymentVariablesFillThePlaceholders() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "push-service")
			.withProperty("DATABASE_URL", "jdbc:postgresql://aurora:5432/bowwow")
			.withProperty("DATABASE_POOL_SIZE", "4")
			.withProperty("REDIS_TLS", "true");
		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertSettings(environment,
				Map.of("spring.datasource.url", "jdbc:postgresql://aurora:5432/bowwow",
						"spring.datasource.hikari.maximum-pool-size", "4", "spring.data.redis.ssl.enabled", "true",
						"spring.flyway.schemas", "push_service"));
	}

	@Test
	void explicitSettingsWinOverTheNameDerivedOnes() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "push-service")
			.withProperty("spring.flyway.schemas", "elsewhere");
		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertSettings(environment,
				Map.of("spring.flyway.schemas", "elsewhere", "spring.datasource.hikari.schema", "push_service"));
	}

	@Test
	void withoutANameThereIsNoSchemaToDerive() {
		MockEnvironment environment = new MockEnvironment();
		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.flyway.schemas")).isNull();
		assertThat(environment.getProperty("spring.flyway.connect-retries")).isEqualTo("120");
	}

	private static void assertSettings(Environment environment, Map<String, String> expected) {
		Map<String, String> actual = new TreeMap<>();
		expected.keySet().forEach((key) -> actual.put(key, environment.getProperty(key)));
		assertThat(actual).isEqualTo(expected);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
