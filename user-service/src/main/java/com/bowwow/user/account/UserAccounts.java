package com.bowwow.user.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.problem.CommonProblem;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import com.bowwow.user.token.TokenRevocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What can happen to an account; every change commits together with its event. */
@Service
public class UserAccounts {

	private static final Logger log = LoggerFactory.getLogger(UserAccounts.class);

	private final UserRepository users;

	private final UserEventPublisher events;

	private final TokenRevocation revocation;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ObjectProvider<AccountDeletionHook> deletionHooks;

	UserAccounts(UserRepository users, UserEventPublisher events, TokenRevocation revocation,
			PlatformTransactionManager transactionManager, Clock clock,
			ObjectProvider<AccountDeletionHook> deletionHooks) {
		this.deletionHooks = deletionHooks;
		this.users = users;
		this.events = events;
		this.revocation = revocation;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Finds or creates the account of a device token. A known token keeps its user and
	 * settings (the settings sent are only the new account's initial ones) and is live
	 * again if push-service had marked it dead. An unknown token sent by a user whose
	 * current token is dead (the app was reinstalled, APNs issued a new token) replaces
	 * that dead token, so the user keeps their account.
	 * @param deviceToken a valid device token, any case
	 * @param settings initial settings for a new account, or null for the defaults
	 * @param caller the user proven by a valid access token sent along, if any
	 * @return the account and whether it is new
	 */
	public Registration register(String deviceToken, SettingsInput settings, Optional<UserId> caller) {
		String token = DeviceTokens.normalise(deviceToken);
		try {
			return this.transactions.execute((status) -> registerInTransaction(token, settings, caller));
		}
		catch (DuplicateKeyException ex) {
			// Another registration took this token between our look-up and our update.
			throw new ApiException(CommonProblem.CONFLICT, "The device token was registered concurrently; try again");
		}
	}

	private Registration registerInTransaction(String token, SettingsInput settings, Optional<UserId> caller) {
		Instant now = this.clock.instant();
		Optional<User> known = this.users.findByDeviceToken(token);
		if (known.isEmpty() && caller.isPresent() && this.users.replaceDeadDeviceToken(caller.get(), token, now)) {
			return new Registration(this.users.find(caller.get()).orElseThrow(), false);
		}
		if (known.isEmpty()) {
			UserId id = UserId.random();
			Settings initial = Settings.DEFAULTS.with(settings);
			if (this.users.insertIfTokenUnknown(id, token, initial, now)) {
				this.events.publish(UserRegistered.of(id, initial.distanceUnit(), initial.isOffline(), now));
				return new Registration(this.users.find(id).orElseThrow(), true);
			}
			known = this.users.findByDeviceToken(token);
		}
		User user = known.orElseThrow(() -> new IllegalStateException("Device token vanished during registration"));
		if (user.tokenStatus() == DeviceTokenStatus.DEAD) {
			this.users.reviveDeviceToken(user.id(), now);
			user = this.users.find(user.id()).orElseThrow();
		}
		return new Registration(user, false);
	}

	public User get(UserId id) {
		return this.users.find(id).orElseThrow(() -> notFound(id));
	}

	/**
	 * Applies the given settings fields; announces the result only when something
	 * changed.
	 * @return the account after the change
	 */
	public User updateSettings(UserId id, SettingsInput input) {
		return this.transactions.execute((status) -> {
			User current = this.users.lock(id).orElseThrow(() -> notFound(id));
			Settings updated = current.settings().with(input);
			if (updated.equals(current.settings())) {
				return current;
			}
			Instant now = this.clock.instant();
			this.users.updateSettings(id, updated, now);
			this.events.publish(UserSettingsChanged.of(id, updated.distanceUnit(), updated.isOffline(), now));
			return this.users.find(id).orElseThrow();
		});
	}

	/**
	 * Deletes the account. Tokens are revoked first, so that no request of the user
	 * succeeds after the account is gone; if the deletion itself fails, the revocation is
	 * undone.
	 */
	public void delete(UserId id) {
		if (this.users.find(id).isEmpty()) {
			throw notFound(id);
		}
		this.revocation.revokeAll(id);
		List<Runnable> afterCommit = new ArrayList<>();
		try {
			this.transactions.executeWithoutResult((status) -> {
				afterCommit.clear();
				this.deletionHooks.orderedStream().forEach((hook) -> afterCommit.add(hook.inDeletion(id)));
				if (this.users.delete(id)) {
					this.events.publish(UserDeleted.of(id, this.clock.instant()));
				}
			});
		}
		catch (RuntimeException ex) {
			this.revocation.restore(id);
			throw ex;
		}
		for (Runnable step : afterCommit) {
			try {
				step.run();
			}
			catch (RuntimeException ex) {
				// The account is gone and its tokens are revoked; what is left is cleaned
				// up
				// by the next rebuild of the affected read model.
				log.warn("Deleted {}, but a clean-up step failed: {}", id, ex.toString());
			}
		}
	}

	/**
	 * Marks the user's device token dead (APNs said so).
	 * @param deviceToken the token APNs refused, or null for the current one; a token the
	 * user has replaced since is left alone
	 */
	public void markDeviceTokenDead(UserId id, String deviceToken) {
		User user = get(id);
		String token = (deviceToken != null) ? DeviceTokens.normalise(deviceToken) : user.deviceToken();
		this.users.markDeviceTokenDead(id, token, this.clock.instant());
	}

	private static ApiException notFound(UserId id) {
		return ApiException.notFound("No user " + id);
	}

}
