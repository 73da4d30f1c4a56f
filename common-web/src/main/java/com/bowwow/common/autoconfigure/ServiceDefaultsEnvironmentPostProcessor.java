package com.bowwow.common.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

/**
 * The settings every service would otherwise repeat in its {@code application.yml}:
 * Redis, the shutdown phase timeout and, for services with a database, the datasource,
 * the pool and Flyway (the YAML files beside this class). They are added after every
 * other property source, so a service's own YAML, an environment variable or a test
 * overrides each of them. Runs after the config data is loaded (lowest order, like every
 * post-processor without one), so {@code spring.application.name} is known: it names the
 * pool and, dashes as underscores, the schema the service owns.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "bowwowServiceDefaults";

	private static final String JDBC_CLASS = "org.springframework.jdbc.core.JdbcTemplate";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		add(environment, "service-defaults.yml");
		if (ClassUtils.isPresent(JDBC_CLASS, application.getClassLoader())) {
			String name = environment.getProperty("spring.application.name");
			if (name != null && !name.isBlank()) {
				String schema = name.replace('-', '_');
				Map<String, Object> derived = new LinkedHashMap<>();
				derived.put("spring.datasource.hikari.pool-name", name);
				derived.put("spring.datasource.hikari.schema", schema);
				derived.put("spring.flyway.schemas", schema);
				environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME + ":schema", derived));
			}
			add(environment, "database-defaults.yml");
		}
	}

	private static void add(ConfigurableEnvironment environment, String file) {
		ClassPathResource resource = new ClassPathResource(file, ServiceDefaultsEnvironmentPostProcessor.class);
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(SOURCE_NAME + ":" + file, resource);
			sources.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + resource, ex);
		}
	}

}
