/**
 * Real PostgreSQL and Redis for every test suite, with or without Docker. See
 * {@link com.bowwow.testsupport.TestInfrastructure}.
 */
package com.bowwow.testsupport;
