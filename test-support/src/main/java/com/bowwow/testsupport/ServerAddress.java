package com.bowwow.testsupport;

/**
 * Where a test can reach PostgreSQL and Redis.
 *
 * @param postgresHost PostgreSQL host
 * @param postgresPort PostgreSQL port
 * @param postgresUser a user allowed to create databases
 * @param postgresPassword its password (empty for trust auth)
 * @param redisHost Redis host
 * @param redisPort Redis port
 * @param redisPassword Redis password (empty when none)
 */
public record ServerAddress(String postgresHost, int postgresPort, String postgresUser, String postgresPassword,
		String redisHost, int redisPort, String redisPassword) {

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.postgresHost + ":" + this.postgresPort + "/" + database;
	}

	public String redisUrl(int database) {
		String auth = (this.redisPassword == null || this.redisPassword.isEmpty()) ? ""
				: ":" + this.redisPassword + "@";
		return "redis://" + auth + this.redisHost + ":" + this.redisPort + "/" + database;
	}

}
