package com.bowwow.user;

import com.bowwow.testsupport.ServiceBoundaryTests;

/** user-service's package and module boundaries (see {@link ServiceBoundaryTests}). */
class BoundaryTests extends ServiceBoundaryTests {

	BoundaryTests() {
		super(UserServiceApplication.class);
	}

}
