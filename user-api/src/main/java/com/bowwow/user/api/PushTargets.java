package com.bowwow.user.api;

import java.util.List;

import com.bowwow.common.id.UserId;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Answer of {@code POST /internal/users/push-targets} (user-service to push-service
 * only): the push targets of many users in one call, for a batch of wave arrivals. A user
 * who is unknown or deleted is absent from the answer.
 *
 * @param targets the targets of the users that exist, in no particular order
 */
public record PushTargets(List<PushTarget> targets) {

	public static final String PATH = "/internal/users/push-targets";

	/** Most users one call may ask about (one wave batch is usually far fewer). */
	public static final int MAX_USERS = 500;

	public PushTargets {
		targets = List.copyOf(targets);
	}

	/**
	 * The body of the call.
	 *
	 * @param userIds whose targets are wanted, 1 to {@link #MAX_USERS}
	 */
	public record Request(@JsonProperty("userIDs") List<UserId> userIds) {

	}

}
