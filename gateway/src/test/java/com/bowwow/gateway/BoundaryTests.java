package com.bowwow.gateway;

import com.bowwow.testsupport.ServiceBoundaryTests;
import org.junit.jupiter.api.Test;

/** gateway's package and module boundaries (see {@link ServiceBoundaryTests}). */
class BoundaryTests extends ServiceBoundaryTests {

	BoundaryTests() {
		super(GatewayApplication.class);
	}

	/**
	 * The gateway is reactive: a servlet type here would be dead code or a second stack.
	 */
	@Test
	void usesNoServletTypes() {
		NO_SERVLET_TYPES.check(production());
	}

}
