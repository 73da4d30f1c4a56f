package com.bowwow.push.operator;

import java.time.Instant;
import java.util.UUID;

import com.bowwow.signal.api.SignalKind;
import com.bowwow.common.id.UserId;
import com.bowwow.push.delivery.Delivery;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A delivery record as operators see it. The device token is shortened: its end is enough
 * to tell tokens apart.
 *
 * @param deliveryId the record
 * @param signalId the signal (null for a test push)
 * @param receiverId who is notified
 * @param senderId who sent the signal
 * @param kind {@code signal}, {@code response} or {@code test}
 * @param status {@code pending}, {@code sent}, {@code rejected}, {@code skipped} or
 * {@code dead_lettered}
 * @param reason why it was skipped, rejected or dead-lettered
 * @param attempts attempts since it was queued or replayed
 * @param lastError the last failure
 * @param nextAttemptAt when a pending record is tried (again)
 * @param unit the unit its message was written in
 * @param deviceToken the token used, shortened
 * @param apnsID APNs' ID of the accepted push
 * @param replays how often it was replayed
 * @param expiresAt when the push stops making sense
 * @param createdAt when it was queued
 * @param updatedAt last change
 * @param completedAt when it reached its final status
 */
record DeliveryView(@JsonProperty("deliveryID") UUID deliveryId, @JsonProperty("signalID") UUID signalId,
		@JsonProperty("receiverID") UserId receiverId, @JsonProperty("senderID") UserId senderId, SignalKind kind,
		String status, String reason, int attempts, String lastError, Instant nextAttemptAt, String unit,
		String deviceToken, @JsonProperty("apnsID") UUID apnsID, int replays, Instant expiresAt, Instant createdAt,
		Instant updatedAt, Instant completedAt) {

	static DeliveryView of(Delivery d) {
		String token = (d.deviceToken() != null)
				? "…" + d.deviceToken().substring(Math.max(0, d.deviceToken().length() - 8)) : null;
		return new DeliveryView(d.id(), d.signalId(), d.receiverId(), d.senderId(), d.kind(), d.status().wireName(),
				d.reason(), d.attempts(), d.lastError(), d.nextAttemptAt(), d.unit(), token, d.apnsId(), d.replays(),
				d.expiresAt(), d.createdAt(), d.updatedAt(), d.completedAt());
	}

}
