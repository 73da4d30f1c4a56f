package com.bowwow.push.apns;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bowwow.common.lifecycle.LifecyclePhase;
import com.bowwow.common.lifecycle.PhasedLifecycle;
import com.bowwow.push.message.PushMessage;

/**
 * Real pushes through one shared Pushy {@link ApnsClient} (thread-safe, multiplexing many
 * streams over {@code concurrent-connections} HTTP/2 connections). Alert push type,
 * immediate priority, the message's expiration and collapse ID. The client is closed when
 * the application stops, after the consumers that use it (a later lifecycle phase stops
 * earlier), waiting for in-flight pushes to be answered.
 */
class PushyPushSender extends PhasedLifecycle implements PushSender {

	private static final Logger log = LoggerFactory.getLogger(PushyPushSender.class);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

	private final ApnsClientBuilder builder;

	private volatile ApnsClient client;

	private final String topic;

	private final Duration sendTimeout;

	private final Timer latency;

	public PushyPushSender(ApnsProperties properties, MeterRegistry meters) {
		// Below the consumers and the retry worker: they stop first, then the client that
		// their last attempts use.
		super(LifecyclePhase.CLIENTS);
		this.topic = properties.topic().trim();
		this.sendTimeout = properties.sendTimeout();
		this.latency = Timer.builder("bowwow.push.apns.latency")
			.description("Time from handing a push to APNs until its answer")
			.publishPercentileHistogram()
			.register(meters);
		String host = ApnsProperties.hasText(properties.host()) ? properties.host() : properties.production()
				? ApnsClientBuilder.PRODUCTION_APNS_HOST : ApnsClientBuilder.DEVELOPMENT_APNS_HOST;
		int port = (properties.port() != null) ? properties.port() : ApnsClientBuilder.DEFAULT_APNS_PORT;
		ApnsClientBuilder builder = new ApnsClientBuilder().setApnsServer(host, port)
			.setSigningKey(SigningKeys.load(properties))
			.setConcurrentConnections(properties.concurrentConnections())
			.setConnectionTimeout(properties.connectTimeout())
			.setGracefulShutdownTimeout(CLOSE_TIMEOUT);
		if (ApnsProperties.hasText(properties.trustedServerCertificate())) {
			builder.setTrustedServerCertificateChain(new File(properties.trustedServerCertificate()));
		}
		this.builder = builder;
		log.info("APNs: {} at {}:{} for topic {}, {} connections", properties.production() ? "production" : "sandbox",
				host, port, this.topic, properties.concurrentConnections());
	}

	@Override
	public CompletableFuture<SendResult> send(PushMessage message) {
		SimpleApnsPayloadBuilder payload = new SimpleApnsPayloadBuilder();
		payload.setAlertTitle(message.title())
			.setAlertBody(message.body())
			.setSound(SimpleApnsPayloadBuilder.DEFAULT_SOUND_FILENAME);
		if (message.locKey() != null) {
			payload.setLocalizedAlertMessage(message.locKey(), message.locArgs().toArray(String[]::new));
		}
		if (message.titleLocKey() != null) {
			payload.setLocalizedAlertTitle(message.titleLocKey());
		}
		message.payload().forEach(payload::addCustomProperty);
		SimpleApnsPushNotification notification = new SimpleApnsPushNotification(message.deviceToken(), this.topic,
				payload.build(), message.expiration(), DeliveryPriority.IMMEDIATE, PushType.ALERT,
				message.collapseId());
		ApnsClient current = this.client;
		if (current == null) {
			return CompletableFuture.completedFuture(new SendResult.Failed("APNs client is not running"));
		}
		long started = System.nanoTime();
		return current.sendNotification(notification)
			.orTimeout(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.handle((response, failure) -> {
				if (failure != null) {
					Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
					return (SendResult) new SendResult.Failed((cause instanceof TimeoutException)
							? "no answer from APNs within " + this.sendTimeout : cause.toString());
				}
				this.latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
				if (response.isAccepted()) {
					return new SendResult.Accepted(response.getApnsId());
				}
				return new SendResult.Rejected(response.getStatusCode(), response.getRejectionReason().orElse(null));
			});
	}

	@Override
	public String mode() {
		return "apns";
	}

	/** Opens the client (again, after a stop): connections are made on first use. */
	@Override
	protected void onStart() {
		if (this.client == null) {
			try {
				this.client = this.builder.build();
			}
			catch (SSLException ex) {
				throw new IllegalStateException("Cannot set up TLS for APNs: " + ex.getMessage(), ex);
			}
		}
	}

	/** Closes the client, letting pushes in flight be answered first. */
	@Override
	protected void onStop() {
		ApnsClient current = this.client;
		this.client = null;
		if (current == null) {
			return;
		}
		try {
			current.close().get(CLOSE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			log.warn("APNs client did not close cleanly: {}", ex.toString());
		}
	}

}
