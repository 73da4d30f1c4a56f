package com.bowwow.push.testpush;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.push.delivery.Delivery;
import com.bowwow.push.delivery.DeliveryAttempts;
import com.bowwow.push.delivery.DeliveryRequest;
import com.bowwow.push.delivery.DeliveryStore;
import com.bowwow.user.api.PushTarget;
import com.bowwow.push.users.UserServiceClient;
import com.bowwow.push.users.UserServiceClient.UserServiceUnavailableException;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Queues a test notification to the caller's own device. 409 when no push could reach
 * them (offline mode, or a device token APNs declared dead), checked before the rate
 * limit so that such a refusal does not use up the budget; 429 with {@code Retry-After}
 * when asking too often. The push itself travels the durable path: its outcome is in the
 * delivery records, not in this response.
 */
@RestController
class TestPushController {

	/** A test push is as short-lived as a signal. */
	static final Duration LIFETIME = Duration.ofMinutes(10);

	private final UserServiceClient users;

	private final TestPushLimits limits;

	private final DeliveryStore store;

	private final DeliveryAttempts attempts;

	private final Clock clock;

	TestPushController(UserServiceClient users, TestPushLimits limits, DeliveryStore store, DeliveryAttempts attempts,
			Clock clock) {
		this.users = users;
		this.limits = limits;
		this.store = store;
		this.attempts = attempts;
		this.clock = clock;
	}

	@PostMapping("/api/v1/push/test")
	@ResponseStatus(HttpStatus.ACCEPTED)
	TestPushQueued test(@AuthenticationPrincipal AuthenticatedUser caller) {
		UserId user = caller.userId();
		PushTarget target;
		try {
			target = this.users.pushTarget(user)
				.orElseThrow(() -> ApiException.notFound("The user " + user + " does not exist"));
		}
		catch (UserServiceUnavailableException ex) {
			throw new ApiException(PushProblem.PUSH_UNAVAILABLE, "Test pushes cannot be sent right now", ex)
				.header("Retry-After", "5");
		}
		String skip = target.skipReason();
		if ("offline".equals(skip)) {
			throw new ApiException(PushProblem.PUSH_USER_OFFLINE,
					"Offline mode is on: no notifications are sent to this user");
		}
		if (skip != null) {
			throw new ApiException(PushProblem.PUSH_DEVICE_TOKEN_DEAD,
					"Apple no longer accepts this device token; register the app again to receive notifications");
		}
		Duration wait = this.limits.take(user);
		if (!wait.isZero()) {
			long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
			throw new ApiException(PushProblem.PUSH_TEST_RATE_LIMITED,
					"Too many test pushes; try again in " + seconds + " s")
				.header("Retry-After", Long.toString(seconds))
				.with("retryAfterSeconds", seconds);
		}
		Instant now = this.clock.instant();
		Delivery queued = this.store
			.insertIfAbsent(DeliveryRequest.test(user, now.plus(LIFETIME)), now, this.attempts.leaseFrom(now))
			.orElseThrow();
		// Sent in the background; were this instance to stop first, the lease runs out
		// and another instance's worker sends it.
		this.attempts.submit(queued);
		return new TestPushQueued(queued.id(), user, queued.kind(), "pending", now);
	}

	/**
	 * @param deliveryId the delivery record of this push
	 * @param receiverId the caller
	 * @param kind always {@code test}
	 * @param status {@code pending}: queued, the outcome follows
	 * @param queuedAt when it was queued
	 */
	record TestPushQueued(@JsonProperty("deliveryID") UUID deliveryId, @JsonProperty("receiverID") UserId receiverId,
			SignalKind kind, String status, Instant queuedAt) {

	}

}
