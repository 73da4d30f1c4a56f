/**
 * User accounts: registration by device token (with the access token that proves the
 * account), reading, settings changes and deletion, each change announced through the
 * outbox as a {@link com.bowwow.user.api.UserEvent}.
 */
package com.bowwow.user.account;
