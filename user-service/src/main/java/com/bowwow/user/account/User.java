package com.bowwow.user.account;

import com.bowwow.user.api.DeviceTokenStatus;
import java.time.Instant;

import com.bowwow.common.id.UserId;

/**
 * An account as stored.
 *
 * @param id the user
 * @param deviceToken the APNs device token, lowercase
 * @param tokenStatus whether pushes can go to it
 * @param settings the user's settings
 * @param createdAt when the account was created
 * @param updatedAt when the account last changed
 */
public record User(UserId id, String deviceToken, DeviceTokenStatus tokenStatus, Settings settings, Instant createdAt,
		Instant updatedAt) {

}
