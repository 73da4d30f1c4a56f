package com.bowwow.signal.users;

import com.bowwow.common.events.EventHandler;
import com.bowwow.common.events.ReceivedEvent;
import com.bowwow.user.api.ReportFiled;
import com.bowwow.user.api.UserBlocked;
import com.bowwow.user.api.UserDeleted;
import com.bowwow.user.api.UserSuspended;
import com.bowwow.user.api.UserSuspensionLifted;
import com.bowwow.user.api.UserUnblocked;
import com.bowwow.user.api.UserEvents;
import com.bowwow.user.api.UserRegistered;
import com.bowwow.user.api.UserSettingsChanged;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@link KnownUsers} in step with user-service. Every event is applied
 * idempotently: settings carry their time and only a newer one wins; deleting is deleting
 * what is gone.
 */
public class UserEventsConsumer implements EventHandler {

	private final KnownUsers users;

	private final JsonMapper json;

	private final TransactionTemplate transactions;

	public UserEventsConsumer(KnownUsers users, JsonMapper json, TransactionTemplate transactions) {
		this.users = users;
		this.json = json;
		this.transactions = transactions;
	}

	@Override
	public void handle(ReceivedEvent event) {
		UserEvents.read(this.json, event.type(), event.payload()).ifPresent((userEvent) -> {
			switch (userEvent) {
				case UserRegistered registered -> this.users.apply(registered.userId(),
						new UserSettings(registered.distanceUnit(), registered.isOffline()), registered.occurredAt());
				case UserSettingsChanged changed -> this.users.apply(changed.userId(),
						new UserSettings(changed.distanceUnit(), changed.isOffline()), changed.occurredAt());
				case UserDeleted deleted ->
					this.transactions.executeWithoutResult((status) -> this.users.forget(deleted.userId()));
				// Blocks and suspensions are read live from the safety read model
				// (planning, delivery, responding, reading): nothing to project here.
				case UserBlocked _, UserUnblocked _, UserSuspended _, UserSuspensionLifted _, ReportFiled _ -> {
				}
			}
		});
	}

}
