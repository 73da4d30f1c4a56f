package com.bowwow.devstack;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each run gives every service its own fresh service-token key, never the committed ones.
 */
class ServiceKeysTests {

	@Test
	void everyServiceSignsWithItsOwnKeyAndTrustsEveryonesPublicKey() {
		List<String> services = ServiceSpec.ALL.stream().map(ServiceSpec::name).toList();
		Map<String, Map<String, String>> keys = DevStack.freshServiceKeys(services);
		assertThat(keys).containsOnlyKeys(services);
		String verification = keys.get(services.get(0)).get("SERVICE_VERIFICATION_KEYS");
		for (String service : services) {
			String signing = keys.get(service).get("SERVICE_SIGNING_KEY");
			assertThat(signing).contains("\"kid\":\"" + service + ":devstack-").contains("\"d\":\"");
			assertThat(keys.get(service).get("SERVICE_VERIFICATION_KEYS")).isEqualTo(verification);
			assertThat(verification).contains("\"kid\":\"" + service + ":devstack-");
		}
		assertThat(verification).doesNotContain("\"d\"").doesNotContain("dev-local");
		assertThat(DevStack.freshServiceKeys(services).get(services.get(0)).get("SERVICE_SIGNING_KEY"))
			.as("fresh per run")
			.isNotEqualTo(keys.get(services.get(0)).get("SERVICE_SIGNING_KEY"));
	}

}
