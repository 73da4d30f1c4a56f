package com.bowwow.signal.propagation;

import com.bowwow.common.events.EventSchema;
import com.bowwow.testsupport.TestInfrastructure;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * A schema of the test's own with signal-service's tables: the Spring context of other
 * test classes in this JVM runs an engine on the service's schema, and it would take the
 * test's arrivals.
 */
final class EngineSchema {

	private EngineSchema() {
	}

	/** A pool on {@code schema}, migrated as the service migrates its own. */
	static HikariDataSource migrated(String schema, int poolSize) {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(infrastructure.jdbcUrl() + "?currentSchema=" + schema);
		dataSource.setUsername(infrastructure.username());
		dataSource.setPassword(infrastructure.password());
		dataSource.setMaximumPoolSize(poolSize);
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", EventSchema.OUTBOX, EventSchema.CONSUMER_POSITIONS,
					"classpath:db/user-projection")
			.schemas(schema)
			.createSchemas(true)
			.load()
			.migrate();
		return dataSource;
	}

}
