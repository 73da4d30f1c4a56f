package com.bowwow.location.crypto;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EncryptionConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EncryptionConfiguration.class);

	@Bean
	EncryptionKeys encryptionKeys(LocationEncryptionProperties properties) {
		EncryptionKeys keys = EncryptionKeys.from(properties);
		if (EncryptionKeys.DEV_KEY_ID.equals(keys.activeKeyId())) {
			log.warn("Location encryption uses the committed development key (BOWWOW_ENVIRONMENT=local only)");
		}
		else {
			log.info("Location encryption: new positions sealed with key '{}'", keys.activeKeyId());
		}
		return keys;
	}

	@Bean
	PositionCipher positionCipher(EncryptionKeys keys) {
		return new PositionCipher(keys);
	}

}
