package com.bowwow.location.crypto;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a service instance can open ciphertexts with, and the one it seals with.
 * Construction validates everything, so a misconfigured service fails at start-up with a
 * message that names the variable to fix rather than on the first location update.
 */
public final class EncryptionKeys {

	/** ID of the committed development key; refused outside the local environment. */
	public static final String DEV_KEY_ID = "dev-local";

	/** Committed on purpose: it protects nothing but local test data. */
	private static final String DEV_KEY = "6xNSdLoL6hKllVxP5k33XowA6iHeinOttP2K+JqPQrc=";

	private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

	private final Map<String, SecretKey> keys;

	private final String activeKeyId;

	private EncryptionKeys(Map<String, SecretKey> keys, String activeKeyId) {
		this.keys = Map.copyOf(keys);
		this.activeKeyId = activeKeyId;
	}

	/**
	 * @throws IllegalStateException when the configuration cannot be used, with a message
	 * naming the variable at fault
	 */
	public static EncryptionKeys from(LocationEncryptionProperties properties) {
		String environment = (properties.environment() == null || properties.environment().isBlank()) ? "local"
				: properties.environment().trim().toLowerCase(Locale.ROOT);
		boolean local = environment.equals("local");
		if (!local && !environment.equals("production")) {
			throw invalid("BOWWOW_ENVIRONMENT must be 'local' or 'production', not '" + environment + "'");
		}
		String configured = (properties.keys() != null) ? properties.keys().trim() : "";
		if (configured.isEmpty()) {
			if (!local) {
				throw invalid("LOCATION_ENCRYPTION_KEYS is required when BOWWOW_ENVIRONMENT=production "
						+ "(format: keyId:base64-of-32-random-bytes[,keyId:base64…])");
			}
			configured = DEV_KEY_ID + ":" + DEV_KEY;
		}
		Map<String, SecretKey> keys = new LinkedHashMap<>();
		for (String entry : configured.split(",")) {
			String trimmed = entry.trim();
			int colon = trimmed.indexOf(':');
			if (colon <= 0) {
				throw invalid("LOCATION_ENCRYPTION_KEYS entries must look like keyId:base64 (an entry has no key ID)");
			}
			String id = trimmed.substring(0, colon);
			if (!KEY_ID.matcher(id).matches()) {
				throw invalid("LOCATION_ENCRYPTION_KEYS key ID '" + id
						+ "' must be 1 to 32 characters of letters, digits, '.', '_' or '-'");
			}
			if (!local && id.equals(DEV_KEY_ID)) {
				throw invalid("LOCATION_ENCRYPTION_KEYS must not contain the development key '" + DEV_KEY_ID
						+ "' when BOWWOW_ENVIRONMENT=production");
			}
			byte[] material;
			try {
				material = Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
			}
			catch (IllegalArgumentException ex) {
				throw invalid("LOCATION_ENCRYPTION_KEYS key '" + id + "' is not valid base64");
			}
			if (material.length != 32) {
				throw invalid(
						"LOCATION_ENCRYPTION_KEYS key '" + id + "' must be 32 bytes (AES-256), not " + material.length);
			}
			if (!local && Arrays.equals(material, Base64.getDecoder().decode(DEV_KEY))) {
				throw invalid("LOCATION_ENCRYPTION_KEYS key '" + id
						+ "' is the committed development key; generate one with: openssl rand -base64 32");
			}
			if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
				throw invalid("LOCATION_ENCRYPTION_KEYS names key '" + id + "' twice");
			}
		}
		String active = (properties.activeKeyId() != null) ? properties.activeKeyId().trim() : "";
		if (active.isEmpty()) {
			if (keys.size() != 1) {
				throw invalid("LOCATION_ENCRYPTION_ACTIVE_KEY_ID is required when several keys are configured");
			}
			active = keys.keySet().iterator().next();
		}
		if (!keys.containsKey(active)) {
			throw invalid("LOCATION_ENCRYPTION_ACTIVE_KEY_ID '" + active
					+ "' is not one of the keys in LOCATION_ENCRYPTION_KEYS " + keys.keySet());
		}
		return new EncryptionKeys(keys, active);
	}

	public String activeKeyId() {
		return this.activeKeyId;
	}

	SecretKey active() {
		return this.keys.get(this.activeKeyId);
	}

	/** The key with this ID, or null when this instance does not know it. */
	SecretKey find(String keyId) {
		return this.keys.get(keyId);
	}

	private static IllegalStateException invalid(String message) {
		return new IllegalStateException("Location encryption is misconfigured: " + message);
	}

}
