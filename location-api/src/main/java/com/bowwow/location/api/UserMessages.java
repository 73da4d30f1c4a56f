package com.bowwow.location.api;

import java.util.UUID;

import com.bowwow.common.geo.CompassDirection;
import com.bowwow.common.geo.DistanceUnit;
import com.bowwow.common.id.UserId;
import com.bowwow.signal.api.SignalKind;

/**
 * Messages for a user's open WebSocket connections. A service publishes the JSON of a
 * message record to the receiver's own channel, {@link #channelOf} (Redis pub/sub,
 * {@code PUBLISH}); only the location-service instances that hold a connection of that
 * user subscribe to it, and write the message to those connections, adding
 * {@code timestamp} and leaving out {@code receiverID}. (One channel for everyone made
 * every instance read every message of a wave: with four instances, three quarters of
 * their relay work was for connections they did not hold.) Delivery is at most once: a
 * user with no open connection misses the message (signal receipts and pushes are the
 * durable record).
 */
public final class UserMessages {

	/** Every user's channel starts with this; the user's ID follows. */
	public static final String CHANNEL_PREFIX = "bowwow:location:user-messages:";

	/** The Redis pub/sub channel of one user's messages. */
	public static String channelOf(UserId receiver) {
		return CHANNEL_PREFIX + receiver;
	}

	private UserMessages() {
	}

	/**
	 * A signal (or a response) reached the receiver: the client's {@code signal_received}
	 * message.
	 *
	 * @param type always {@link #TYPE}
	 * @param receiverID whose connections get it
	 * @param signalID the signal
	 * @param senderID who sent it
	 * @param distance from the receiver to the origin, in the receiver's unit
	 * @param unit the receiver's unit
	 * @param direction from the receiver towards the origin
	 * @param kind {@link SignalKind#SIGNAL} or {@link SignalKind#RESPONSE}
	 */
	public record SignalReceived(String type, UserId receiverID, UUID signalID, UserId senderID, double distance,
			DistanceUnit unit, CompassDirection direction, SignalKind kind) {

		public static final String TYPE = "signal_received";

		public SignalReceived(UserId receiverID, UUID signalID, UserId senderID, double distance, DistanceUnit unit,
				CompassDirection direction, SignalKind kind) {
			this(TYPE, receiverID, signalID, senderID, distance, unit, direction, kind);
		}

	}

}
