package com.bowwow.user.api;

import java.util.Map;
import java.util.Optional;

import com.bowwow.common.events.EventHandler;
import tools.jackson.databind.json.JsonMapper;

/** Where user events travel and how an entry becomes a record again. */
public final class UserEvents {

	/** The Redis Stream user-service publishes to. */
	public static final String STREAM = "bowwow:events:user";

	private static final Map<String, Class<? extends UserEvent>> TYPES = Map.of(UserRegistered.class.getSimpleName(),
			UserRegistered.class, UserSettingsChanged.class.getSimpleName(), UserSettingsChanged.class,
			UserDeleted.class.getSimpleName(), UserDeleted.class, UserBlocked.class.getSimpleName(), UserBlocked.class,
			UserUnblocked.class.getSimpleName(), UserUnblocked.class, UserSuspended.class.getSimpleName(),
			UserSuspended.class, UserSuspensionLifted.class.getSimpleName(), UserSuspensionLifted.class,
			ReportFiled.class.getSimpleName(), ReportFiled.class);

	private UserEvents() {
	}

	/**
	 * A stream consumer that reads each entry and dispatches it to the listener:
	 * {@code subscriptions.subscribe(UserEvents.STREAM, "my-service", UserEvents.handler(json, listener))}.
	 * Entries of types this version does not know are acknowledged and skipped.
	 * @param json the application's mapper
	 * @param listener what to do with each event
	 * @return the handler for {@link com.bowwow.common.events.EventSubscriptions}
	 */
	public static EventHandler handler(JsonMapper json, UserEventListener listener) {
		return (entry) -> {
			Optional<UserEvent> event = read(json, entry.type(), entry.payload());
			if (event.isEmpty()) {
				return;
			}
			switch (event.get()) {
				case UserRegistered registered -> listener.onRegistered(registered);
				case UserSettingsChanged changed -> listener.onSettingsChanged(changed);
				case UserDeleted deleted -> listener.onDeleted(deleted);
				case UserBlocked blocked -> listener.onBlocked(blocked);
				case UserUnblocked unblocked -> listener.onUnblocked(unblocked);
				case UserSuspended suspended -> listener.onSuspended(suspended);
				case UserSuspensionLifted lifted -> listener.onSuspensionLifted(lifted);
				case ReportFiled report -> listener.onReportFiled(report);
			}
		};
	}

	/**
	 * Reads a stream entry's payload.
	 * @param json a mapper with the BowWow Jackson module (the application's own)
	 * @param type the entry's {@code type} field
	 * @param payload the entry's {@code payload} field
	 * @return the event, or empty for a type this version does not know (newer
	 * publisher): skip it
	 */
	public static Optional<UserEvent> read(JsonMapper json, String type, String payload) {
		Class<? extends UserEvent> eventType = TYPES.get(type);
		return (eventType != null) ? Optional.of(json.readValue(payload, eventType)) : Optional.empty();
	}

}
