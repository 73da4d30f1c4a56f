package com.bowwow.analytics;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.bowwow.testsupport.BowWowTestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The one Spring test configuration of analytics-service's integration tests (one context
 * shared by all of them): random ports, real PostgreSQL and Redis, and
 * {@link #OPERATOR_TOKEN} as the operator credential; the operations panel reads
 * {@link FakeMetrics} instead of the other services' management ports.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"bowwow.security.operator.token=" + AnalyticsServiceTest.OPERATOR_TOKEN })
@Import({ BowWowTestInfrastructure.class, FakeMetrics.Configuration.class })
public @interface AnalyticsServiceTest {

	/** The operator token the test context runs with. */
	String OPERATOR_TOKEN = "test-operator-token-0123456789abcdef";

}
