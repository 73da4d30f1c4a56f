package com.bowwow.common.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
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
			ConfigurableEnvironment environment = context.getEnvironment();
			// its own YAML wins
			assertThat(environment.getProperty("spring.data.redis.timeout")).isEqualTo("7s");
			assertThat(environment.getProperty("spring.flyway.connect-retries")).isEqualTo("3");
			// an environment variable fills the shared placeholder
			assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("redis.example");
			// the rest are the shared defaults
			assertThat(environment.getProperty("spring.data.redis.port")).isEqualTo("6379");
			assertThat(environment.getProperty("spring.data.redis.connect-timeout")).isEqualTo("5s");
			assertThat(environment.getProperty("spring.data.redis.ssl.enabled")).isEqualTo("false");
			assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("20s");
			assertThat(environment.getProperty("spring.datasource.url"))
				.isEqualTo("jdbc:postgresql://localhost:5432/bowwow");
			assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("postgres");
			assertThat(environment.getProperty("spring.datasource.password")).isEmpty();
			assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("10");
			assertThat(environment.getProperty("spring.datasource.hikari.minimum-idle")).isEqualTo("2");
			assertThat(environment.getProperty("spring.datasource.hikari.initialization-fail-timeout")).isEqualTo("-1");
			assertThat(environment.getProperty("spring.flyway.connect-retries-interval")).isEqualTo("5s");
			assertThat(environment.getProperty("spring.flyway.create-schemas")).isEqualTo("true");
			// named after the service
			assertThat(environment.getProperty("spring.datasource.hikari.pool-name")).isEqualTo("demo-service");
			assertThat(environment.getProperty("spring.datasource.hikari.schema")).isEqualTo("demo_service");
			assertThat(environment.getProperty("spring.flyway.schemas")).isEqualTo("demo_service");
		}
	}

	@Test
	void deploymentVariablesFillThePlaceholders() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "push-service")
			.withProperty("DATABASE_URL", "jdbc:postgresql://aurora:5432/bowwow")
			.withProperty("DATABASE_POOL_SIZE", "4")
			.withProperty("REDIS_TLS", "true");
		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://aurora:5432/bowwow");
		assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("4");
		assertThat(environment.getProperty("spring.data.redis.ssl.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.flyway.schemas")).isEqualTo("push_service");
	}

	@Test
	void explicitSettingsWinOverTheNameDerivedOnes() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "push-service")
			.withProperty("spring.flyway.schemas", "elsewhere");
		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.flyway.schemas")).isEqualTo("elsewhere");
		assertThat(environment.getProperty("spring.datasource.hikari.schema")).isEqualTo("push_service");
	}

	@Test
	void withoutANameThereIsNoSchemaToDerive() {
		MockEnvironment environment = new MockEnvironment();
		new ServiceDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.flyway.schemas")).isNull();
		assertThat(environment.getProperty("spring.flyway.connect-retries")).isEqualTo("120");
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
