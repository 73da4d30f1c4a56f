package com.bowwow.signal.users;

import com.bowwow.common.id.UserId;

/**
 * A feature that holds data about users and erases it when user-service reports one
 * deleted. {@link KnownUsers} calls every such feature in the transaction that writes the
 * user's tombstone, so the features depend on {@code users}, never the other way round.
 */
public interface UserDataEraser {

	/** Removes what this feature holds about a deleted user. */
	void eraseUser(UserId user);

}
