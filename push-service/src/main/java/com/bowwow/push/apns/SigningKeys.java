package com.bowwow.push.apns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

import com.eatthepath.pushy.apns.auth.ApnsSigningKey;

/**
 * Reads the {@code .p8} signing key: from {@code signing-key-path}, or from
 * {@code APNS_SIGNING_KEY} holding the PEM text, base64 of the file (which survives
 * secret stores that mangle line breaks) or {@code file:<path>}.
 */
final class SigningKeys {

	private SigningKeys() {
	}

	static ApnsSigningKey load(ApnsProperties properties) {
		try (InputStream pem = pem(properties)) {
			return ApnsSigningKey.loadFromInputStream(pem, properties.teamId().trim(), properties.keyId().trim());
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			throw new IllegalStateException("The APNs signing key ("
					+ (ApnsProperties.hasText(properties.signingKeyPath())
							? "signing-key-path " + properties.signingKeyPath() : "APNS_SIGNING_KEY")
					+ ") is not a readable PKCS#8 EC private key: " + ex.getMessage(), ex);
		}
	}

	private static InputStream pem(ApnsProperties properties) throws IOException {
		if (ApnsProperties.hasText(properties.signingKeyPath())) {
			return Files.newInputStream(Path.of(properties.signingKeyPath().trim()));
		}
		String value = properties.signingKey().trim();
		if (value.startsWith("file:")) {
			return Files.newInputStream(Path.of(value.substring("file:".length())));
		}
		if (!value.startsWith("-----BEGIN")) {
			value = new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8).trim();
		}
		if (!value.startsWith("-----BEGIN")) {
			throw new IllegalArgumentException("neither PEM text nor base64 of a PEM file");
		}
		// Secret stores sometimes turn line breaks into literal "\n".
		value = value.replace("\\n", "\n");
		return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
	}

}
