package com.bowwow.signal.users;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.bowwow.common.events.EventOutbox;
import com.bowwow.common.id.UserId;
import com.bowwow.user.api.UserEvent;
import com.bowwow.user.projection.UserProjection;
import com.bowwow.user.projection.UserSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * signal-service's view of users: the shared {@link UserProjection} (table
 * {@code user_settings}), whose deletion hook erases what signal-service holds about the
 * user. Until a user's registration event arrives (usually within milliseconds), the
 * contract's defaults are assumed.
 */
public class KnownUsers implements UserProjection.Hooks {

	private final JdbcClient jdbc;

	private final List<UserDataEraser> erasers;

	private final EventOutbox outbox;

	private final UserProjection projection;

	public KnownUsers(JdbcClient jdbc, List<UserDataEraser> erasers, TransactionTemplate transactions,
			EventOutbox outbox) {
		this.jdbc = jdbc;
		this.erasers = List.copyOf(erasers);
		this.outbox = outbox;
		this.projection = new UserProjection(jdbc, transactions, "user_settings");
	}

	public UserSettings settingsOf(UserId user) {
		return this.projection.settingsOf(user);
	}

	/** Settings of many users in one query; unknown users get the defaults. */
	public Map<UserId, UserSettings> settingsOf(Collection<UserId> users) {
		return this.projection.settingsOf(users);
	}

	/** Applies one user event from the stream. */
	public void apply(UserEvent event) {
		this.projection.apply(event, this);
	}

	/**
	 * Applies settings as of {@code asOf}, unless something newer (or the user's
	 * deletion) was applied already.
	 */
	public void apply(UserId user, UserSettings settings, Instant asOf) {
		this.projection.applySettings(UUID.randomUUID().toString(), user, settings.distanceUnit(), settings.isOffline(),
				asOf);
	}

	/**
	 * Removes everything signal-service holds about a deleted user: what the features
	 * hold ({@link UserDataEraser}: the signals they sent, with those signals' receipts
	 * and pending arrivals), what they received and what is still on its way to them.
	 * Their projection row stays as a tombstone.
	 */
	@Override
	public void erase(UserId user) {
		this.erasers.forEach((eraser) -> eraser.eraseUser(user));
		this.jdbc.sql("delete from receipts where receiver_id = ?").param(user.value()).update();
		this.jdbc.sql("delete from pending_arrivals where receiver_id = ?").param(user.value()).update();
		this.jdbc.sql("delete from sender_cooldowns where sender_id = ?").param(user.value()).update();
		this.outbox.eraseFromPublished(user.value());
	}

}
