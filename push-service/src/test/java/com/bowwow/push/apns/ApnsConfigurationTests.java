package com.bowwow.push.apns;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import com.bowwow.push.MockApns;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The credentials are the only switch between log mode and real APNs. */
class ApnsConfigurationTests {

	private final ApnsConfiguration configuration = new ApnsConfiguration();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void noCredentialsIsLogMode() {
		assertThat(sender(properties(null, null, null, null, null), local())).isInstanceOf(LoggingPushSender.class);
	}

	@Test
	void noCredentialsInProductionRefusesToStart() {
		MockEnvironment production = new MockEnvironment().withProperty("bowwow.environment", "production");
		assertThatIllegalStateException().isThrownBy(() -> sender(properties(null, null, null, null, null), production))
			.withMessageContaining("must be set in production");
	}

	@Test
	void partialCredentialsRefuseToStartNamingWhatIsMissing() {
		assertThatIllegalStateException()
			.isThrownBy(() -> sender(properties(MockApns.signingKeyPem(), MockApns.KEY_ID, null, MockApns.TOPIC, null),
					local()))
			.withMessageContaining("APNS_TEAM_ID")
			.withMessageNotContaining("APNS_KEY_ID");
	}

	@Test
	void aKeyThatIsNotAKeyRefusesToStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> sender(
					properties("bm90IGEga2V5", MockApns.KEY_ID, MockApns.TEAM_ID, MockApns.TOPIC, null), local()))
			.withMessageContaining("APNS_SIGNING_KEY");
	}

	@Test
	void theKeyIsReadAsPemBase64OrFromAFile(@TempDir Path directory) throws Exception {
		String pem = MockApns.signingKeyPem();
		Path file = directory.resolve("AuthKey.p8");
		Files.writeString(file, pem);
		for (ApnsProperties properties : new ApnsProperties[] {
				properties(pem, MockApns.KEY_ID, MockApns.TEAM_ID, MockApns.TOPIC, null),
				properties(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)), MockApns.KEY_ID,
						MockApns.TEAM_ID, MockApns.TOPIC, null),
				properties(pem.replace("\n", "\\n"), MockApns.KEY_ID, MockApns.TEAM_ID, MockApns.TOPIC, null),
				properties("file:" + file, MockApns.KEY_ID, MockApns.TEAM_ID, MockApns.TOPIC, null),
				properties(null, MockApns.KEY_ID, MockApns.TEAM_ID, MockApns.TOPIC, file.toString()) }) {
			assertThat(SigningKeys.load(properties).getKeyId()).isEqualTo(MockApns.KEY_ID);
			assertThat(SigningKeys.load(properties).getTeamId()).isEqualTo(MockApns.TEAM_ID);
		}
	}

	@Test
	void fullCredentialsSendForReal() {
		PushSender sender = sender(new ApnsProperties(null, MockApns.signingKeyPem(), MockApns.KEY_ID, MockApns.TEAM_ID,
				MockApns.TOPIC, false, "localhost", MockApns.port(), MockApns.trustedCertificateFile(), 1,
				java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)), local());
		try {
			assertThat(sender).isInstanceOf(PushyPushSender.class);
			assertThat(sender.mode()).isEqualTo("apns");
			assertThat(sender
				.send(com.bowwow.push.message.Messages.test(MockApns.newDeviceToken(), java.util.UUID.randomUUID(),
						java.time.Instant.now().plusSeconds(60)))
				.join()).as("not started yet").isInstanceOf(SendResult.Failed.class);
			((PushyPushSender) sender).start();
			assertThat(sender
				.send(com.bowwow.push.message.Messages.test(MockApns.newDeviceToken(), java.util.UUID.randomUUID(),
						java.time.Instant.now().plusSeconds(60)))
				.join()).isInstanceOf(SendResult.Accepted.class);
		}
		finally {
			((PushyPushSender) sender).stop();
		}
	}

	/**
	 * A machine that says it is local (an unset environment now counts as production).
	 */
	private static MockEnvironment local() {
		return new MockEnvironment().withProperty("bowwow.environment", "local");
	}

	private PushSender sender(ApnsProperties properties, MockEnvironment environment) {
		return this.configuration.pushSender(properties, environment, this.meters);
	}

	private static ApnsProperties properties(String signingKey, String keyId, String teamId, String topic,
			String path) {
		return new ApnsProperties(path, signingKey, keyId, teamId, topic, false, null, null, null, 4,
				java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10));
	}

}
