package com.bowwow.user.safety;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.user.account.AccountDeletionHook;

import org.springframework.stereotype.Component;

/**
 * A deleted account takes its safety data with it: its blocks (both ways) and the reports
 * it filed go with the row (foreign keys), reports filed against it are anonymised and
 * closed, and after the commit its ID leaves every Redis set.
 */
@Component
class SafetyDeletionHook implements AccountDeletionHook {

	private final SafetyStore store;

	private final SafetyModel model;

	private final Clock clock;

	SafetyDeletionHook(SafetyStore store, SafetyModel model, Clock clock) {
		this.store = store;
		this.model = model;
		this.clock = clock;
	}

	@Override
	public Runnable inDeletion(UserId userId) {
		List<UserId> partners = this.store.blockPartners(userId);
		this.store.anonymiseReportsAgainst(userId, this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
		return () -> {
			try {
				this.model.forget(userId, partners);
			}
			catch (ApiException ex) {
				// forget() asked for a rebuild, which drops the deleted user's entries
				throw new IllegalStateException("the safety read model still lists the deleted user", ex);
			}
		};
	}

}
