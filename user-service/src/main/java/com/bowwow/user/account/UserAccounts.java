package com.bowwow.user.account;

import java.util.Collection;

import com.bowwow.user.api.DeviceTokenStatus;
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
import com.bowwow.user.token.RefreshTokens;
import com.bowwow.user.token.RefreshTokens.Presentation;
import com.bowwow.user.token.TokenProblem;
import com.bowwow.user.token.TokenRevocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
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

	private final RefreshTokens refreshTokens;

	UserAccounts(UserRepository users, UserEventPublisher events, TokenRevocation revocation,
			PlatformTransactionManager transactionManager, Clock clock,
			ObjectProvider<AccountDeletionHook> deletionHooks, RefreshTokens refreshTokens) {
		this.refreshTokens = refreshTokens;
		this.deletionHooks = deletionHooks;
		this.users = users;
		this.events = events;
		this.revocation = revocation;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Registers a device token. A device token is not a secret: it yields an existing
	 * account only with proof of that account, a valid refresh token of one of its
	 * installs (rotated here) or its access token. With proof, the proven account gets
	 * the device token (live again, taken from whoever held it) if the proof is a refresh
	 * token, or if it is its own or the account's own token is dead or gone; otherwise a
	 * new account is created and the token moves to it, leaving the older account without
	 * pushes until its own install registers again.
	 * @param deviceToken a valid device token, any case
	 * @param settings initial settings for a new account, or null for the defaults
	 * @param caller the user proven by a valid access token sent along, if any
	 * @param refreshToken the refresh token sent in the body, if any
	 * @return the account, whether it is new, and the install's refresh token
	 */
	public Registration register(String deviceToken, SettingsInput settings, Optional<UserId> caller,
			String refreshToken) {
		String token = DeviceTokens.normalise(deviceToken);
		try {
			return this.transactions.execute((status) -> registerInTransaction(token, settings, caller, refreshToken));
		}
		catch (DuplicateKeyException | ConcurrencyFailureException ex) {
			// Another registration took this token between our look-up and our insert, or
			// two
			// registrations moving device tokens between the same accounts deadlocked.
			throw new ApiException(CommonProblem.CONFLICT, "The device token was registered concurrently; try again");
		}
	}

	private Registration registerInTransaction(String token, SettingsInput settings, Optional<UserId> caller,
			String refreshToken) {
		Instant now = this.clock.instant();
		Optional<UserId> proven = Optional.empty();
		String successor = null;
		if (refreshToken != null) {
			// An invalid one is no proof (and a replayed one has revoked its install).
			Presentation presented = this.refreshTokens.rotate(refreshToken);
			if (presented.rotated()) {
				proven = Optional.of(presented.userId());
				successor = presented.successor();
			}
		}
		if (proven.isEmpty()) {
			proven = caller;
		}
		Optional<User> holder = this.users.findByDeviceToken(token);
		Optional<User> account = proven.flatMap(this.users::lock);
		// A refresh token proves the install itself, so its account takes the device
		// token
		// (APNs gave the same install a new one). An access token counts for the account
		// holding the device token, or one whose own token is dead or gone (a reinstall);
		// it never replaces a live device token of its account (a second device is a new
		// account).
		if (account.isPresent() && (successor != null || token.equals(account.get().deviceToken())
				|| account.get().tokenStatus() != DeviceTokenStatus.LIVE || account.get().deviceToken() == null)) {
			User user = account.get();
			if (!token.equals(user.deviceToken()) || user.tokenStatus() != DeviceTokenStatus.LIVE) {
				this.users.releaseDeviceToken(token, now);
				this.users.assignDeviceToken(user.id(), token, now);
				user = this.users.find(user.id()).orElseThrow();
			}
			return new Registration(user, false,
					(successor != null) ? successor : this.refreshTokens.startInstall(user.id()));
		}
		if (holder.isPresent()) {
			this.users.releaseDeviceToken(token, now);
		}
		UserId id = UserId.random();
		Settings initial = Settings.DEFAULTS.with(settings);
		this.users.insert(id, token, initial, now);
		this.events
			.publish(UserRegistered.of(id, initial.distanceUnit(), initial.isOffline(), initial.language(), now));
		return new Registration(this.users.find(id).orElseThrow(), true, this.refreshTokens.startInstall(id));
	}

	/**
	 * Exchanges a refresh token for a new one and the account.
	 * @throws ApiException 401 {@code INVALID_REFRESH_TOKEN} for an unknown, replaced,
	 * revoked or expired token (a replayed one revokes its install first)
	 */
	public Registration refresh(String refreshToken) {
		Presentation presented = this.transactions.execute((status) -> this.refreshTokens.rotate(refreshToken));
		if (!presented.rotated()) {
			if (presented.outcome() == Presentation.Outcome.REUSED) {
				log.warn("A replaced refresh token was presented again: its install is revoked");
			}
			throw new ApiException(TokenProblem.INVALID_REFRESH_TOKEN,
					"The refresh token is unknown, replaced, revoked or expired; register again");
		}
		User user = this.users.find(presented.userId())
			.orElseThrow(() -> new ApiException(TokenProblem.INVALID_REFRESH_TOKEN, "The account no longer exists"));
		return new Registration(user, false, presented.successor());
	}

	public User get(UserId id) {
		return this.users.find(id).orElseThrow(() -> notFound(id));
	}

	/** The accounts among these IDs that exist (deleted and unknown ones are absent). */
	public List<User> getAll(Collection<UserId> ids) {
		return ids.isEmpty() ? List.of() : this.users.findAll(ids);
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
			this.events.publish(
					UserSettingsChanged.of(id, updated.distanceUnit(), updated.isOffline(), updated.language(), now));
			return this.users.find(id).orElseThrow();
		});
	}

	/**
	 * Deletes the account in one transaction (the row and what hangs on it: blocks,
	 * reports filed, installs; the tombstone; {@code UserDeleted}), then writes the Redis
	 * markers that refuse the user's tokens and hide them from every read. Idempotent: a
	 * retry after a crash between the commit and the Redis writes finds the tombstone and
	 * writes the markers again (the periodic check does so too, for a client that never
	 * retries).
	 * @throws ApiException 404 for a user who never existed, 503 when Redis cannot be
	 * written (the deletion is committed; retry)
	 */
	public void delete(UserId id) {
		List<Runnable> afterCommit = new ArrayList<>();
		Instant deletedAt = this.transactions.execute((status) -> {
			afterCommit.clear();
			Optional<User> user = this.users.lock(id);
			if (user.isEmpty()) {
				Instant earlier = this.revocation.deletedAt(id).orElseThrow(() -> notFound(id));
				this.deletionHooks.orderedStream().forEach((hook) -> afterCommit.add(hook.inDeletion(id)));
				return earlier;
			}
			this.deletionHooks.orderedStream().forEach((hook) -> afterCommit.add(hook.inDeletion(id)));
			this.users.delete(id);
			this.events.erase(id);
			Instant at = this.revocation.tombstone(id);
			this.events.publish(UserDeleted.of(id, at));
			return at;
		});
		try {
			this.revocation.publish(id, deletedAt);
		}
		catch (DataAccessException ex) {
			log.warn("Deleted {}, but its revocation markers could not be written yet: {}", id, ex.toString());
			throw new ApiException(CommonProblem.SERVICE_UNAVAILABLE,
					"The account is deleted but not yet everywhere; please retry the same request shortly", ex)
				.header("Retry-After", "2");
		}
		for (Runnable step : afterCommit) {
			try {
				step.run();
			}
			catch (RuntimeException ex) {
				// Hidden already by the deleted set; the read model's next rebuild drops
				// the rest.
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
