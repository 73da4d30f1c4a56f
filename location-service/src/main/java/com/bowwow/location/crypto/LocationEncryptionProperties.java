package com.bowwow.location.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param keys comma-separated {@code keyId:base64-of-32-bytes} entries; empty means the
 * development key (local environment only)
 * @param activeKeyId the key that seals new values; may be empty when exactly one key is
 * configured
 * @param environment {@code local} or {@code production} (from
 * {@code BOWWOW_ENVIRONMENT})
 */
@ConfigurationProperties("bowwow.location.encryption")
public record LocationEncryptionProperties(String keys, String activeKeyId, String environment) {

}
