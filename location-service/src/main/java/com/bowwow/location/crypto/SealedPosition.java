package com.bowwow.location.crypto;

/**
 * An encrypted position as stored: the sealing key's ID and nonce ‖ ciphertext ‖ GCM tag.
 */
public record SealedPosition(String keyId, byte[] sealed) {

}
