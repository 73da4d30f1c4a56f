/**
 * User accounts: registration by device token (an existing account only with proof: its
 * access token or an install's refresh token), refresh-token rotation, reading, settings
 * changes and deletion, each change announced through the outbox as a
 * {@link com.bowwow.user.api.UserEvent}.
 */
package com.bowwow.user.account;
