package com.bowwow.user.safety;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserUnblocked;
import com.bowwow.user.safety.SafetyStore.Block;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blocks between users. Each change commits with its event, then the read model is
 * synchronised before the caller is answered; repeating a call is harmless and
 * synchronises again (the way out of a 503).
 */
@Service
class Blocks {

	static final String FIELD = "blockedUserID";

	private final SafetyStore store;

	private final SafetyEvents events;

	private final SafetyModel model;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Blocks(SafetyStore store, SafetyEvents events, SafetyModel model, PlatformTransactionManager transactionManager,
			Clock clock) {
		this.store = store;
		this.events = events;
		this.model = model;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Blocks {@code blocked} for {@code blocker}.
	 * @return the block and whether this call made it
	 */
	BlockOutcome block(UserId blocker, UserId blocked) {
		if (blocker.equals(blocked)) {
			throw ApiException.invalid(FIELD, "must not be yourself");
		}
		BlockOutcome outcome = this.transactions
			.execute((status) -> blockInTransaction(blocker, blocked, now(), (event) -> this.events.publish(event)));
		this.model.syncPair(blocker, blocked);
		return outcome;
	}

	/**
	 * The block part of a report: inside the report's transaction, so both commit
	 * together. The caller synchronises the pair after the commit.
	 */
	BlockOutcome blockInTransaction(UserId blocker, UserId blocked, Instant now,
			java.util.function.Consumer<UserBlocked> announce) {
		if (!this.store.userExists(blocked)) {
			throw ApiException.notFound("No user " + blocked);
		}
		boolean created;
		try {
			created = this.store.insertBlock(blocker, blocked, now);
		}
		catch (DataIntegrityViolationException ex) {
			// The user was deleted between the look-up and the insert.
			throw ApiException.notFound("No user " + blocked);
		}
		if (created) {
			announce.accept(UserBlocked.of(blocker, blocked, now));
		}
		return new BlockOutcome(this.store.block(blocker, blocked).orElseThrow(), created);
	}

	/** The blocks this user made, newest first. */
	List<Block> blocksBy(UserId blocker) {
		return this.store.blocksBy(blocker);
	}

	/**
	 * Lifts the block {@code blocker} made, if any. The two stay apart while the other's
	 * block against {@code blocker} stands.
	 */
	void unblock(UserId blocker, UserId blocked) {
		this.transactions.executeWithoutResult((status) -> {
			if (this.store.deleteBlock(blocker, blocked)) {
				this.events.publish(UserUnblocked.of(blocker, blocked, now()));
			}
		});
		this.model.syncPair(blocker, blocked);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	/**
	 * @param block the block as stored
	 * @param created whether this call made it
	 */
	record BlockOutcome(Block block, boolean created) {

	}

}
