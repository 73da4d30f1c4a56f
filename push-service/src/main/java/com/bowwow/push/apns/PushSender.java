package com.bowwow.push.apns;

import java.util.concurrent.CompletableFuture;

import com.bowwow.push.message.PushMessage;

/**
 * Hands one notification to APNs (or pretends to). The future never completes
 * exceptionally: every way a send can end is a {@link SendResult}.
 */
public interface PushSender {

	CompletableFuture<SendResult> send(PushMessage message);

	/** {@code apns} or {@code log}, for start-up messages and the operator view. */
	String mode();

}
