package com.bowwow.common.internal;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A servlet service with internal endpoints of two callers, one without a rule. */
@SpringBootApplication(excludeName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
public class InternalTestApplication {

	@RestController
	static class Endpoints {

		@GetMapping("/internal/locations/within")
		Map<String, String> within(@AuthenticationPrincipal ServiceCaller caller) {
			return Map.of("caller", caller.name());
		}

		@PostMapping("/internal/users/{userID}/device-token/dead")
		Map<String, String> dead(@PathVariable("userID") String userId, @AuthenticationPrincipal ServiceCaller caller) {
			return Map.of("caller", caller.name());
		}

		@GetMapping("/internal/unruled")
		Map<String, String> unruled() {
			return Map.of("reached", "true");
		}

		@GetMapping("/api/v1/things")
		Map<String, String> things() {
			return Map.of("reached", "true");
		}

	}

}
