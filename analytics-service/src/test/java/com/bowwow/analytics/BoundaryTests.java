package com.bowwow.analytics;

import com.bowwow.testsupport.ServiceBoundaryTests;

/**
 * analytics-service's package and module boundaries (see {@link ServiceBoundaryTests}).
 */
class BoundaryTests extends ServiceBoundaryTests {

	BoundaryTests() {
		super(AnalyticsServiceApplication.class);
	}

}
