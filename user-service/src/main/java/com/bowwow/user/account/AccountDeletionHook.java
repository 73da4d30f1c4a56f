package com.bowwow.user.account;

import com.bowwow.common.id.UserId;

/**
 * Something other features hold about a user that must go with the account (e.g. the
 * safety read model), without the account package knowing those features.
 */
public interface AccountDeletionHook {

	/**
	 * Runs inside the deletion's transaction, before the user's row is deleted; also on a
	 * retried deletion of an account already gone (then it finds nothing in PostgreSQL,
	 * and its clean-up runs again), so it must be idempotent.
	 * @param userId the user being deleted
	 * @return what to do once the deletion has committed (e.g. clean Redis); failures
	 * there are logged, not answered
	 */
	Runnable inDeletion(UserId userId);

}
