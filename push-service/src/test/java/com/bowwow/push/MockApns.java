package com.bowwow.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * Pushy's mock APNs server over real HTTP/2 and TLS, with a certificate made for this JVM
 * by {@code keytool} (the client trusts exactly it), and a verdict per device token that
 * tests set. It checks that every request carries a provider token (JWT) of the test key.
 * One per test JVM; {@link #stop()} and {@link #start()} take it down and bring it back
 * on the same port.
 */
public final class MockApns {

	public static final String TOPIC = "app.bowwow.test";

	public static final String KEY_ID = "ABC123DEFG";

	public static final String TEAM_ID = "TEAM123456";

	private static final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

	private static final Queue<Received> accepted = new ConcurrentLinkedQueue<>();

	private static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private static final Path directory;

	private static final X509Certificate certificate;

	private static final PrivateKey serverKey;

	private static final String signingKeyPem;

	private static int port;

	private static MockApnsServer server;

	static {
		try {
			directory = Files.createTempDirectory("mock-apns");
			directory.toFile().deleteOnExit();
			Path keystore = directory.resolve("server.p12");
			Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
					"-genkeypair", "-alias", "apns", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
					"CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore",
					keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
				.redirectErrorStream(true)
				.start();
			String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (var in = Files.newInputStream(keystore)) {
				store.load(in, "changeit".toCharArray());
			}
			certificate = (X509Certificate) store.getCertificate("apns");
			serverKey = (PrivateKey) store.getKey("apns", "changeit".toCharArray());
			Files.writeString(directory.resolve("server.pem"), pem("CERTIFICATE", certificate.getEncoded()));
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair signing = generator.generateKeyPair();
			signingKeyPem = pem("PRIVATE KEY", signing.getPrivate().getEncoded());
			port = start(0);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot set up the mock APNs server", ex);
		}
	}

	private MockApns() {
	}

	/** The port it listens on (the same across stop/start). */
	public static int port() {
		return port;
	}

	/** PEM of the server certificate, the one the client is told to trust. */
	public static String trustedCertificateFile() {
		return directory.resolve("server.pem").toString();
	}

	/** The {@code .p8} content of the provider signing key (PEM). */
	public static String signingKeyPem() {
		return signingKeyPem;
	}

	/** What the server answers for this device token from now on (default: accept). */
	public static void answer(String deviceToken, Verdict verdict) {
		verdicts.put(deviceToken, verdict);
	}

	/** Pushes accepted for this device token, in order. */
	public static List<Received> acceptedFor(String deviceToken) {
		return accepted.stream().filter((r) -> r.deviceToken().equals(deviceToken)).toList();
	}

	/** Every request made for this device token, whatever the answer. */
	public static int requestsFor(String deviceToken) {
		AtomicInteger count = requests.get(deviceToken);
		return (count != null) ? count.get() : 0;
	}

	/** Takes the server down: connections are refused until {@link #start()}. */
	public static synchronized void stop() {
		try {
			server.shutdown().get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Brings it back on the same port. */
	public static synchronized void start() {
		start(port);
	}

	/** A random 64-hex-digit device token. */
	public static String newDeviceToken() {
		byte[] bytes = new byte[32];
		new java.security.SecureRandom().nextBytes(bytes);
		return java.util.HexFormat.of().formatHex(bytes);
	}

	private static synchronized int start(int wanted) {
		try {
			server = new MockApnsServerBuilder()
				.setServerCredentials(new X509Certificate[] { certificate }, serverKey, null)
				.setHandlerFactory((session) -> new Handler())
				.setListener(new Listener())
				.build();
			return server.start(wanted).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot start the mock APNs server on port " + wanted, ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static String token(Http2Headers headers) {
		String path = String.valueOf(headers.path());
		return path.substring(path.lastIndexOf('/') + 1);
	}

	/** How the server answers. */
	public sealed interface Verdict {

		Verdict ACCEPT = new Accept();

		static Verdict reject(RejectionReason reason) {
			return new Reject(reason);
		}

		static Verdict unregistered() {
			return new Unregistered();
		}

		record Accept() implements Verdict {
		}

		record Reject(RejectionReason reason) implements Verdict {
		}

		record Unregistered() implements Verdict {
		}

	}

	/**
	 * One accepted push as the server saw it.
	 *
	 * @param deviceToken the token in the path
	 * @param headers the request headers ({@code apns-*}, lower case)
	 * @param payload the JSON body
	 */
	public record Received(String deviceToken, Map<String, String> headers, String payload) {
	}

	private static final class Handler implements PushNotificationHandler {

		@Override
		public void handlePushNotification(Http2Headers headers, ByteBuf payload) throws RejectedNotificationException {
			String token = token(headers);
			requests.computeIfAbsent(token, (t) -> new AtomicInteger()).incrementAndGet();
			CharSequence authorization = headers.get("authorization");
			if (authorization == null || !authorization.toString().startsWith("bearer ")) {
				throw new RejectedNotificationException(RejectionReason.MISSING_PROVIDER_TOKEN);
			}
			String jwtHeader = new String(
					Base64.getUrlDecoder().decode(authorization.toString().substring(7).split("\\.")[0]),
					StandardCharsets.UTF_8);
			if (!jwtHeader.contains(KEY_ID)) {
				throw new RejectedNotificationException(RejectionReason.INVALID_PROVIDER_TOKEN);
			}
			if (!TOPIC.equals(String.valueOf(headers.get("apns-topic")))) {
				throw new RejectedNotificationException(RejectionReason.BAD_TOPIC);
			}
			switch (verdicts.getOrDefault(token, Verdict.ACCEPT)) {
				case Verdict.Accept accept -> {
				}
				case Verdict.Reject reject -> throw new RejectedNotificationException(reject.reason());
				case Verdict.Unregistered unregistered -> throw new UnregisteredDeviceTokenException(Instant.now());
			}
		}

	}

	private static final class Listener implements MockApnsServerListener {

		@Override
		public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
			Map<String, String> copy = new ConcurrentHashMap<>();
			headers.forEach((entry) -> copy.put(entry.getKey().toString(), entry.getValue().toString()));
			accepted.add(new Received(token(headers), copy,
					(payload != null) ? payload.toString(StandardCharsets.UTF_8) : ""));
		}

		@Override
		public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload, RejectionReason reason,
				Instant deviceTokenExpirationTimestamp) {
		}

	}

}
