package com.bowwow.common.health;

import java.sql.Connection;

import javax.sql.DataSource;

/** The service's own PostgreSQL schema is reachable. */
public class DataSourceCheck implements DependencyCheck {

	private static final int TIMEOUT_SECONDS = 2;

	private final DataSource dataSource;

	public DataSourceCheck(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public String name() {
		return "database";
	}

	@Override
	public boolean isHealthy() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.isValid(TIMEOUT_SECONDS);
		}
		catch (Exception ex) {
			return false;
		}
	}

}
