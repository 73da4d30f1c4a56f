/**
 * Encryption of positions at rest: AES-256-GCM with a random 96-bit nonce per value, the
 * user ID as associated data (a ciphertext cannot be moved to another user's row), and
 * the ID of the sealing key stored beside every ciphertext so keys can rotate. Keys come
 * from {@code LOCATION_ENCRYPTION_KEYS} ({@code id:base64,id:base64}) and
 * {@code LOCATION_ENCRYPTION_ACTIVE_KEY_ID}; a committed development key is used only
 * when {@code BOWWOW_ENVIRONMENT=local}.
 */
package com.bowwow.location.crypto;
