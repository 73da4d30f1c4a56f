package com.bowwow.analytics;

import com.bowwow.testsupport.ServiceBaselineTests;

@AnalyticsServiceTest
class AnalyticsServiceBaselineTests extends ServiceBaselineTests {

	@Override
	protected String schema() {
		return "analytics_service";
	}

}
