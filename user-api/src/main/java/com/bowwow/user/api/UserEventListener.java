package com.bowwow.user.api;

/**
 * What a consuming service does with each kind of user event; implement the ones that
 * matter. Every method may be called more than once for the same event (at-least-once
 * delivery) and must be idempotent. Throwing leaves the event pending, to be delivered
 * again.
 */
public interface UserEventListener {

	default void onRegistered(UserRegistered event) throws Exception {
	}

	default void onSettingsChanged(UserSettingsChanged event) throws Exception {
	}

	default void onDeleted(UserDeleted event) throws Exception {
	}

	default void onBlocked(UserBlocked event) throws Exception {
	}

	default void onUnblocked(UserUnblocked event) throws Exception {
	}

	default void onSuspended(UserSuspended event) throws Exception {
	}

	default void onSuspensionLifted(UserSuspensionLifted event) throws Exception {
	}

	default void onReportFiled(ReportFiled event) throws Exception {
	}

}
