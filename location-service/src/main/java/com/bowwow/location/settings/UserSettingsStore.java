package com.bowwow.location.settings;

import java.util.Collection;
import java.util.Set;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.user.projection.UserProjection;
import com.bowwow.user.projection.UserSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code user_settings} projection table, kept by the shared {@link UserProjection}.
 */
@Repository
public class UserSettingsStore {

	private final UserProjection projection;

	UserSettingsStore(JdbcClient jdbc, TransactionTemplate transactions) {
		this.projection = new UserProjection(jdbc, transactions, "user_settings");
	}

	UserProjection projection() {
		return this.projection;
	}

	/**
	 * The user's settings; the defaults when no event about them has arrived yet, offline
	 * when deleted.
	 */
	public UserSettings find(UserId userId) {
		return this.projection.settingsOf(userId);
	}

	/** Whether user-service reported the account deleted. */
	public boolean isDeleted(UserId userId) {
		return this.projection.isDeleted(userId);
	}

	/**
	 * Which of these users this projection hides (offline or deleted). Callers add what
	 * the safety read model hides ({@link SafetyReads}): blocks, suspensions and
	 * deletions user-service announced before its 204, ahead of the {@code UserDeleted}
	 * event.
	 */
	public Set<UserId> invisibleAmong(Collection<UserId> userIds) {
		return this.projection.invisibleAmong(userIds);
	}

}
