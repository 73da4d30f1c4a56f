package com.bowwow.push.operator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.push.delivery.Delivery;
import com.bowwow.push.delivery.DeliveryAttempts;
import com.bowwow.push.delivery.DeliveryStatus;
import com.bowwow.push.delivery.DeliveryStore;
import com.bowwow.common.id.Uuids;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What became of pushes, for operators. Authenticated by the operator token
 * ({@code bowwow.security.operator.paths} covers {@code /api/v1/push/operator/**}).
 */
@RestController
@RequestMapping("/api/v1/push/operator")
class OperatorController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private final DeliveryStore store;

	private final DeliveryAttempts attempts;

	private final Clock clock;

	private final SafetyReads safety;

	OperatorController(DeliveryStore store, DeliveryAttempts attempts, Clock clock, SafetyReads safety) {
		this.store = store;
		this.attempts = attempts;
		this.clock = clock;
		this.safety = safety;
	}

	/** Delivery records, newest first, filtered by any of receiver, signal and status. */
	@GetMapping("/deliveries")
	DeliveryList deliveries(@RequestParam(name = "receiverID", required = false) String receiverId,
			@RequestParam(name = "signalID", required = false) String signalId,
			@RequestParam(name = "status", required = false) String status,
			@RequestParam(name = "limit", required = false) Integer limit) {
		UserId receiver = (receiverId != null) ? parse("receiverID", () -> UserId.parse(receiverId)) : null;
		UUID signal = (signalId != null) ? parse("signalID", () -> Uuids.parse(signalId)) : null;
		DeliveryStatus wanted = (status != null) ? parse("status", () -> DeliveryStatus.fromWire(status)) : null;
		List<Delivery> found = this.store.search(receiver, signal, wanted, limit(limit));
		return new DeliveryList(withoutDeleted(found).stream().map(DeliveryView::of).toList());
	}

	/** Pushes given up on, most recent first. */
	@GetMapping("/dead-letters")
	DeadLetterList deadLetters(@RequestParam(name = "limit", required = false) Integer limit) {
		return new DeadLetterList(
				withoutDeleted(this.store.deadLetters(limit(limit))).stream().map(DeliveryView::of).toList());
	}

	/**
	 * Queues a dead letter again with a fresh retry budget (202); 404 for an unknown ID,
	 * 409 when the record is not a dead letter (any more).
	 */
	@PostMapping("/dead-letters/{deliveryID}/replay")
	@ResponseStatus(HttpStatus.ACCEPTED)
	DeliveryView replay(@PathVariable("deliveryID") String deliveryId) {
		UUID id = parse("deliveryID", () -> Uuids.parse(deliveryId));
		Instant now = this.clock.instant();
		Delivery replayed = this.store.replay(id, now, this.attempts.leaseFrom(now)).orElseThrow(() -> {
			Delivery existing = this.store.find(id).orElseThrow(() -> ApiException.notFound("No delivery " + id));
			return new ApiException(CommonProblem.CONFLICT,
					"Delivery " + id + " is " + existing.status().wireName() + ", not dead_lettered");
		});
		// Leased to this instance and attempted right away; should it stop first, any
		// instance's worker takes it once the lease runs out.
		this.attempts.submit(replayed);
		return DeliveryView.of(replayed);
	}

	private static int limit(Integer limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return limit;
	}

	private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
		try {
			return parser.get();
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid(field, (ex.getMessage() != null) ? ex.getMessage() : "invalid value");
		}
	}

	/**
	 * @param deliveries the records found
	 */
	/**
	 * Records naming a user deleted moments ago, whose erasure has not arrived yet: a
	 * deleted user is absent from every read from the 204 on.
	 */
	private List<Delivery> withoutDeleted(List<Delivery> found) {
		java.util.Set<UserId> named = new java.util.HashSet<>();
		found.forEach((delivery) -> {
			named.add(delivery.receiverId());
			if (delivery.senderId() != null) {
				named.add(delivery.senderId());
			}
		});
		java.util.Set<UserId> deleted = this.safety.deletedAmong(named);
		return deleted.isEmpty() ? found : found.stream()
			.filter((delivery) -> !deleted.contains(delivery.receiverId()) && !deleted.contains(delivery.senderId()))
			.toList();
	}

	record DeliveryList(List<DeliveryView> deliveries) {
	}

	/**
	 * @param deadLetters the dead letters
	 */
	record DeadLetterList(List<DeliveryView> deadLetters) {
	}

}
