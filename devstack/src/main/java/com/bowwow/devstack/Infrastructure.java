package com.bowwow.devstack;

/**
 * Where the services find PostgreSQL and Redis.
 *
 * @param jdbcUrl JDBC URL of the shared {@code bowwow} database
 * @param databaseUser database user
 * @param databasePassword database password
 * @param redisHost Redis host
 * @param redisPort Redis port
 * @param redisPassword Redis password, empty for none
 * @param redisDatabase Redis database index
 */
public record Infrastructure(String jdbcUrl, String databaseUser, String databasePassword, String redisHost,
		int redisPort, String redisPassword, int redisDatabase) {

}
