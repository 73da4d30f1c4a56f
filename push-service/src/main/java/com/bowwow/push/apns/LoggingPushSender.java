package com.bowwow.push.apns;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bowwow.push.message.PushMessage;

/**
 * Log mode: without APNs credentials, every push is written to the log instead and counts
 * as sent, so the rest of the pipeline (records, outcomes, metrics) behaves as in
 * production.
 */
public class LoggingPushSender implements PushSender {

	private static final Logger log = LoggerFactory.getLogger(LoggingPushSender.class);

	@Override
	public CompletableFuture<SendResult> send(PushMessage message) {
		log.info("[log mode] would push to {}: '{}' / '{}' {} (expires {}, collapse {})", message.redactedToken(),
				message.title(), message.body(), message.payload(), message.expiration(), message.collapseId());
		return CompletableFuture.completedFuture(new SendResult.Accepted(UUID.randomUUID()));
	}

	@Override
	public String mode() {
		return "log";
	}

}
