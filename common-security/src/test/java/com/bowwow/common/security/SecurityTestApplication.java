package com.bowwow.common.security;

import java.util.Map;

import com.bowwow.common.id.UserId;

import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A servlet service with one endpoint of each kind the security rules distinguish. */
@SpringBootApplication(excludeName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
public class SecurityTestApplication {

	/**
	 * A user whose tokens are revoked, one who is suspended, and one whose revocation
	 * state cannot be read.
	 */
	static final UserId REVOKED = UserId.random();

	static final UserId SUSPENDED = UserId.random();

	static final UserId UNCHECKABLE = UserId.random();

	/**
	 * Stands in for Redis, which common's tests do not have: the rule is what is tested.
	 */
	@Bean
	RevocationCheck revocationCheck() {
		return new RevocationCheck(null) {
			@Override
			public boolean isRevoked(UserId userId) {
				if (userId.equals(UNCHECKABLE)) {
					throw new RedisConnectionFailureException("Redis is down");
				}
				return userId.equals(REVOKED);
			}

			@Override
			public Standing standing(UserId userId) {
				if (isRevoked(userId)) {
					return Standing.REVOKED;
				}
				return userId.equals(SUSPENDED) ? Standing.SUSPENDED : Standing.ACTIVE;
			}
		};
	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/v1/users/{userID}")
		Map<String, String> user(@PathVariable("userID") UserId userId,
				@AuthenticationPrincipal AuthenticatedUser caller) {
			caller.requireSelf(userId);
			LoggerFactory.getLogger(Endpoints.class).info("Serving a user's own record");
			return Map.of("caller", caller.userId().toString());
		}

		@GetMapping("/api/v1/stream")
		Map<String, String> stream(@AuthenticationPrincipal AuthenticatedUser caller) {
			return Map.of("caller", caller.userId().toString());
		}

		@PostMapping("/api/v1/users/register")
		Map<String, String> register(@AuthenticationPrincipal AuthenticatedUser caller) {
			return Map.of("anonymous", Boolean.toString(caller == null));
		}

		@GetMapping("/internal/ping")
		Map<String, String> internal() {
			return Map.of("ok", "true");
		}

		@GetMapping("/api/v1/ops/stats")
		Map<String, String> operator() {
			return Map.of("ok", "true");
		}

	}

}
