package com.bowwow.common.security;

import java.util.Objects;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;

/**
 * The caller of a request, as proven by their access token. Controllers receive it with
 * {@code @AuthenticationPrincipal AuthenticatedUser caller}.
 *
 * @param userId the token's user
 */
public record AuthenticatedUser(UserId userId) {

	public AuthenticatedUser {
		Objects.requireNonNull(userId, "userId");
	}

	/**
	 * Refuses (403) a request that names a user other than the caller.
	 * @param named the user named in the path or body
	 */
	public void requireSelf(UserId named) {
		if (!this.userId.equals(named)) {
			throw ApiException.forbidden("The access token belongs to another user");
		}
	}

	@Override
	public String toString() {
		return this.userId.toString();
	}

}
