package com.bowwow.push.apns;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * APNs settings ({@code APNS_*}). Leaving all credentials empty selects log mode; giving
 * some but not all of them is a configuration error that stops the start.
 *
 * @param signingKeyPath path of the {@code .p8} signing key file (a property, e.g.
 * {@code BOWWOW_PUSH_APNS_SIGNING_KEY_PATH}; {@code APNS_SIGNING_KEY=file:<path>} does
 * the same)
 * @param signingKey the {@code .p8} key itself ({@code APNS_SIGNING_KEY}, a secret): PEM
 * text, base64 of the file, or {@code file:<path>}; used when no path is given
 * @param keyId the key's 10-character ID ({@code APNS_KEY_ID})
 * @param teamId the Apple developer team ID ({@code APNS_TEAM_ID})
 * @param topic the app's bundle ID ({@code APNS_TOPIC})
 * @param production the production endpoint instead of the sandbox
 * ({@code APNS_PRODUCTION})
 * @param host overrides the endpoint host (tests point it at a mock server)
 * @param port overrides the endpoint port
 * @param trustedServerCertificate PEM file of the server certificate to trust instead of
 * the JDK's CAs: only for a mock server in tests
 * @param concurrentConnections HTTP/2 connections to APNs; each carries many concurrent
 * streams (Apple allows up to 1,000 per connection)
 * @param connectTimeout how long a connection may take to open
 * @param sendTimeout how long one push may wait for APNs' answer before it counts as a
 * failed attempt
 */
@ConfigurationProperties("bowwow.push.apns")
record ApnsProperties(String signingKeyPath, String signingKey, String keyId, String teamId, String topic,
		@DefaultValue("false") boolean production, String host, Integer port, String trustedServerCertificate,
		@DefaultValue("4") int concurrentConnections, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration sendTimeout) {

	/** Whether any credential is given (then all of them must be). */
	boolean anyCredential() {
		return hasText(this.signingKeyPath) || hasText(this.signingKey) || hasText(this.keyId) || hasText(this.teamId)
				|| hasText(this.topic);
	}

	/**
	 * @throws IllegalStateException when credentials are only partly given
	 */
	void requireComplete() {
		StringBuilder missing = new StringBuilder();
		if (!hasText(this.signingKeyPath) && !hasText(this.signingKey)) {
			missing.append(" APNS_SIGNING_KEY");
		}
		if (!hasText(this.keyId)) {
			missing.append(" APNS_KEY_ID");
		}
		if (!hasText(this.teamId)) {
			missing.append(" APNS_TEAM_ID");
		}
		if (!hasText(this.topic)) {
			missing.append(" APNS_TOPIC");
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("APNs is partly configured; missing:" + missing
					+ ". Give all of them for real pushes, or none for log mode.");
		}
	}

	static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
