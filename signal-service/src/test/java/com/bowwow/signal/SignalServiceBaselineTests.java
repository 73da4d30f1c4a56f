package com.bowwow.signal;

import com.bowwow.testsupport.BowWowTestInfrastructure;
import com.bowwow.testsupport.ServiceBaselineTests;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import(BowWowTestInfrastructure.class)
class SignalServiceBaselineTests extends ServiceBaselineTests {

	@Override
	protected String schema() {
		return "signal_service";
	}

}
