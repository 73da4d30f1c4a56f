package com.bowwow.location;

import java.util.Map;

import com.bowwow.testsupport.ServiceBoundaryTests;

/**
 * location-service's package and module boundaries (see {@link ServiceBoundaryTests}).
 */
class BoundaryTests extends ServiceBoundaryTests {

	BoundaryTests() {
		super(LocationServiceApplication.class);
	}

	/**
	 * Keeping the live index in step needs a user's position and settings together: a
	 * position change reads the settings, a settings change reads the position. Until
	 * that sync has one home, position and settings depend on each other through this one
	 * edge.
	 */
	@Override
	protected Map<String, String> acceptedCycleDependencies() {
		return Map.of("com.bowwow.location.settings.UserSettingsProjection", "com.bowwow.location.position");
	}

}
