package com.bowwow.testsupport;

/** How the test suite gets its PostgreSQL and Redis. */
public enum InfrastructureMode {

	/** Throwaway Testcontainers, when a Docker engine is reachable. */
	CONTAINERS,

	/**
	 * Servers named by {@code BOWWOW_TEST_POSTGRES_URL} and {@code BOWWOW_TEST_REDIS_URL}
	 * (CI on machines without Docker).
	 */
	EXTERNAL,

	/** PostgreSQL and Redis binaries started in-process from Maven artifacts. */
	EMBEDDED

}
