package com.bowwow.signal;

import com.bowwow.testsupport.ServiceBoundaryTests;

/** signal-service's package and module boundaries (see {@link ServiceBoundaryTests}). */
class BoundaryTests extends ServiceBoundaryTests {

	BoundaryTests() {
		super(SignalServiceApplication.class);
	}

}
