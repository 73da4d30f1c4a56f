package com.bowwow.gateway;

import com.bowwow.common.security.Es256;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bowwow.security.jwt.verified-tokens} bounds the tokens the gateway remembers
 * (50,000 by default, one check per token: {@link ExpressLaneNewTokenTests}): at 0 each
 * request pays the signature check, and is still answered as before.
 */
@TestPropertySource(
		properties = { "bowwow.gateway.express.verify-new-tokens=true", "bowwow.security.jwt.verified-tokens=0" })
class VerifiedTokensBoundTests extends ExpressLaneComparison {

	@Test
	void theBoundIsTheSetting() throws Exception {
		long checksBefore = Es256.checks();
		Seen first = sendCounted(UPDATE, "the first", update(this.token), 1);
		Seen second = sendCounted(UPDATE, "the second", update(this.token), 1);
		assertThat(Es256.checks() - checksBefore).as("checks for both").isEqualTo(2);
		assertSameAnswer(first, second);
	}

}
