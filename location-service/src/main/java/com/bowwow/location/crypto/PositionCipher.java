package com.bowwow.location.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.id.UserId;

/** Seals and opens coordinates with AES-256-GCM. Thread-safe. */
public class PositionCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int PLAINTEXT_BYTES = 16;

	private static final String AAD_PREFIX = "bowwow-location-v1:";

	private final EncryptionKeys keys;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Found once: {@code Cipher.getInstance(transformation)} walks the provider list on
	 * every call (2 % of a location update's CPU).
	 */
	private final Provider provider;

	public PositionCipher(EncryptionKeys keys) {
		this.keys = keys;
		try {
			this.provider = Cipher.getInstance(TRANSFORMATION).getProvider();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	public SealedPosition seal(UserId userId, Coordinates coordinates) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		byte[] plaintext = ByteBuffer.allocate(PLAINTEXT_BYTES)
			.putDouble(coordinates.latitude())
			.putDouble(coordinates.longitude())
			.array();
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION, this.provider);
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.active(), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(aad(userId));
			byte[] ciphertext = cipher.doFinal(plaintext);
			byte[] sealed = ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
			return new SealedPosition(this.keys.activeKeyId(), sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	/**
	 * @throws UndecryptablePositionException when the key is unknown to this instance or
	 * the value was tampered with or belongs to another user
	 */
	public Coordinates open(UserId userId, SealedPosition position) {
		SecretKey key = this.keys.find(position.keyId());
		if (key == null) {
			throw new UndecryptablePositionException("no key '" + position.keyId() + "' is configured");
		}
		byte[] sealed = position.sealed();
		if (sealed.length <= NONCE_BYTES) {
			throw new UndecryptablePositionException("value too short");
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION, this.provider);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
			cipher.updateAAD(aad(userId));
			byte[] plaintext = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
			ByteBuffer buffer = ByteBuffer.wrap(plaintext);
			return Coordinates.of(buffer.getDouble(), buffer.getDouble());
		}
		catch (javax.crypto.AEADBadTagException ex) {
			throw new UndecryptablePositionException("authentication failed");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is unavailable", ex);
		}
	}

	private static byte[] aad(UserId userId) {
		return (AAD_PREFIX + userId).getBytes(StandardCharsets.US_ASCII);
	}

}
