package com.bowwow.user.token;

import java.time.Clock;

import com.bowwow.common.security.DeploymentEnvironment;
import com.bowwow.common.security.VerificationKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SigningKeyProperties.class, TokenProperties.class })
class TokenConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TokenConfiguration.class);

	@Bean
	AccessTokenIssuer accessTokenIssuer(SigningKeyProperties signingKey, VerificationKeys verificationKeys,
			TokenProperties properties, Environment environment, Clock clock) {
		SigningKey key = SigningKey.load(signingKey, verificationKeys, DeploymentEnvironment.of(environment));
		log.info("Signing access tokens with key '{}', valid for {}", key.keyId(), properties.accessTokenLifetime());
		return new AccessTokenIssuer(key, properties, clock);
	}

	@Bean
	TokenRevocation tokenRevocation(StringRedisTemplate redis, JdbcClient jdbc, Clock clock,
			TokenProperties properties) {
		return new TokenRevocation(redis, jdbc, clock, properties);
	}

}
