package com.bowwow.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.bowwow.devstack.Infrastructure;

/**
 * Plain JDBC to the stack's database: the checks read what the services wrote (receipts,
 * push requests, accounts), not what they answer.
 */
final class Database {

	private final Infrastructure servers;

	Database(Infrastructure servers) {
		this.servers = servers;
	}

	/** Rows as maps, column name to value. */
	List<Map<String, Object>> rows(String sql, Object... parameters) {
		try (Connection connection = DriverManager.getConnection(this.servers.jdbcUrl(), this.servers.databaseUser(),
				this.servers.databasePassword()); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				if (parameters[i] instanceof java.util.UUID[] uuids) {
					statement.setArray(i + 1, connection.createArrayOf("uuid", uuids));
				}
				else {
					statement.setObject(i + 1, parameters[i]);
				}
			}
			try (ResultSet rs = statement.executeQuery()) {
				List<Map<String, Object>> rows = new ArrayList<>();
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					Map<String, Object> row = new HashMap<>();
					for (int c = 1; c <= columns; c++) {
						row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
					}
					rows.add(row);
				}
				return rows;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	long count(String sql, Object... parameters) {
		return ((Number) rows(sql, parameters).get(0).values().iterator().next()).longValue();
	}

}
