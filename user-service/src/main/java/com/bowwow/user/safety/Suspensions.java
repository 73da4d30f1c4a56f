package com.bowwow.user.safety;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.safety.SafetyStore.Suspension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operator suspensions. A suspended user's tokens are refused everywhere (403
 * {@code ACCOUNT_SUSPENDED}) and they are hidden from everyone, from the moment the
 * operator gets the 2xx; a suspension with an end is lifted by {@link #liftExpired} once
 * it has passed.
 */
@Service
class Suspensions {

	private static final Logger log = LoggerFactory.getLogger(Suspensions.class);

	private static final int EXPIRY_BATCH = 100;

	private static final Instant LATEST_UNTIL = Instant.parse("9999-12-31T23:59:59Z");

	private final SafetyStore store;

	private final SafetyEvents events;

	private final SafetyModel model;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Suspensions(SafetyStore store, SafetyEvents events, SafetyModel model,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.store = store;
		this.events = events;
		this.model = model;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Suspends the user, or replaces the reason and end of their current suspension.
	 * @return the suspension and whether the user was already suspended
	 */
	SuspensionOutcome suspend(UserId user, String reason, Instant until) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		if (until != null && !until.isAfter(this.clock.instant())) {
			throw ApiException.invalid("until", "must be in the future");
		}
		if (until != null && until.isAfter(LATEST_UNTIL)) {
			// beyond what PostgreSQL stores; "until lifted" is an absent until
			throw ApiException.invalid("until", "must be before the year 10000 (leave it out for no end)");
		}
		Instant end = (until != null) ? until.truncatedTo(ChronoUnit.SECONDS) : null;
		SuspensionOutcome outcome = this.transactions.execute((status) -> {
			if (!this.store.userExists(user)) {
				throw ApiException.notFound("No user " + user);
			}
			Suspension suspension = new Suspension(user, reason, end, now);
			boolean replaced = this.store.upsertSuspension(suspension);
			this.events.publish(UserSuspended.of(user, reason, end, now));
			return new SuspensionOutcome(suspension, replaced);
		});
		this.model.syncSuspension(user);
		return outcome;
	}

	/** Lifts the user's suspension, if any (idempotent). */
	void lift(UserId user) {
		this.transactions.executeWithoutResult((status) -> {
			if (!this.store.userExists(user)) {
				throw ApiException.notFound("No user " + user);
			}
			if (this.store.deleteSuspension(user)) {
				this.events
					.publish(UserSuspensionLifted.of(user, this.clock.instant().truncatedTo(ChronoUnit.SECONDS)));
			}
		});
		this.model.syncSuspension(user);
	}

	/**
	 * Lifts every suspension whose end has passed: rows, events and read model.
	 * @return how many were lifted
	 */
	public int liftExpired() {
		int lifted = 0;
		while (true) {
			Instant now = this.clock.instant();
			List<UserId> users = this.transactions.execute((status) -> {
				List<UserId> ended = this.store.deleteExpiredSuspensions(now, EXPIRY_BATCH);
				Instant at = now.truncatedTo(ChronoUnit.SECONDS);
				ended.forEach((user) -> this.events.publish(UserSuspensionLifted.of(user, at)));
				return ended;
			});
			for (UserId user : users) {
				try {
					this.model.syncSuspension(user);
				}
				catch (ApiException ex) {
					// The model rebuilds on the next check (requested by the failed
					// sync).
					log.warn("Lifted the suspension of {} but Redis is not updated yet", user);
				}
			}
			lifted += users.size();
			if (users.size() < EXPIRY_BATCH) {
				return lifted;
			}
		}
	}

	/**
	 * @param suspension the suspension in force
	 * @param replaced whether it replaced one already in force
	 */
	record SuspensionOutcome(Suspension suspension, boolean replaced) {

	}

}
