package com.bowwow.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The one test configuration every service's integration tests import: points Spring's
 * datasource and Redis at this suite's own database and Redis index on a real server, and
 * makes the service trust the test key of {@link TestTokens}.
 *
 * <pre>
 * &#64;SpringBootTest
 * &#64;Import(BowWowTestInfrastructure.class)
 * class MyIntegrationTests { … }
 * </pre>
 */
@TestConfiguration(proxyBeanMethods = false)
public class BowWowTestInfrastructure {

	@Bean
	DynamicPropertyRegistrar bowWowInfrastructureProperties() {
		return (registry) -> {
			TestInfrastructure infrastructure = TestInfrastructure.get();
			registry.add("spring.datasource.url", infrastructure::jdbcUrl);
			registry.add("spring.datasource.username", infrastructure::username);
			registry.add("spring.datasource.password", infrastructure::password);
			registry.add("spring.data.redis.host", infrastructure::redisHost);
			registry.add("spring.data.redis.port", infrastructure::redisPort);
			registry.add("spring.data.redis.password", infrastructure::redisPassword);
			registry.add("spring.data.redis.database", infrastructure::redisDatabase);
			// Tokens from TestTokens are accepted; user-service signs with the same key.
			registry.add("bowwow.security.jwt.verification-keys", TestTokens::verificationKeys);
			registry.add("bowwow.security.jwt.signing-key", TestTokens::signingKey);
		};
	}

}
