package com.bowwow.push;

import com.bowwow.testsupport.ServiceBoundaryTests;

/** push-service's package and module boundaries (see {@link ServiceBoundaryTests}). */
class BoundaryTests extends ServiceBoundaryTests {

	BoundaryTests() {
		super(PushServiceApplication.class);
	}

}
