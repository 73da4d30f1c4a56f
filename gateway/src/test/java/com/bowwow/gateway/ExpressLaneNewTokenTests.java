package com.bowwow.gateway;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import com.bowwow.common.id.UserId;
import com.bowwow.common.security.AccessTokens;
import com.bowwow.common.security.Es256;
import com.bowwow.common.security.SafetyReads;
import com.bowwow.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token the gateway has not seen takes the express lane too: its first request is
 * answered as its second (which {@link ExpressLaneTests} holds to the full chain), with
 * one signature check between them. A token the lane cannot verify goes to the full
 * chain, and the client's bucket is still taken before any signature is checked.
 */
@TestPropertySource(properties = "bowwow.gateway.express.verify-new-tokens=true")
class ExpressLaneNewTokenTests extends ExpressLaneComparison {

	@Test
	void aNewTokensFirstUpdateTakesTheLaneWithOneSignatureCheck() throws Exception {
		long checksBefore = Es256.checks();
		Seen first = sendCounted(UPDATE, "the first", update(this.token), 1);
		assertThat(Es256.checks() - checksBefore).as("checks for the first request").isEqualTo(1);
		Seen second = sendCounted(UPDATE, "the second", update(this.token), 1);
		assertThat(Es256.checks() - checksBefore).as("checks for both").isEqualTo(1);

		assertSameAnswer(first, second);
		assertThat(forwardedHeaders(first.response())).containsEntry("x-user-id", this.user.toString());
	}

	@Test
	void aNewTokenOfASuspendedUserIsRefusedAlike() throws Exception {
		this.redis.opsForSet().add(SafetyReads.SUSPENDED_KEY, this.user.toString());
		try {
			assertSameRefusal(update(this.token), 403, "ACCOUNT_SUSPENDED");
		}
		finally {
			this.redis.opsForSet().remove(SafetyReads.SUSPENDED_KEY, this.user.toString());
		}
	}

	@Test
	void aNewTokenOfADeletedUserIsRefusedAlike() throws Exception {
		this.redis.opsForValue().set(AccessTokens.revokedUserKey(this.user), "1", Duration.ofMinutes(5));
		assertSameRefusal(update(this.token), 401, "UNAUTHORIZED");
	}

	@Test
	void aNewTokenOfAUserWithoutBudgetIsRefusedAlike() throws Exception {
		emptyBucket("user:" + this.user);
		assertSameRefusal(update(this.token), 429, "RATE_LIMITED");
	}

	@Test
	void aNewTokenFromAClientWithoutBudgetIsRefusedAlike() throws Exception {
		String address = "198.51.100.7";
		// the token becomes known with the client's budget intact, then the budget goes
		sendCounted(UPDATE, "the known token's first", update(this.token), 1);
		emptyBucket("ip:" + address);
		Seen known = sendCounted(UPDATE, "a known token", update(this.token).header("X-Forwarded-For", address), 1);
		Seen fresh = sendCounted(UPDATE, "a new token",
				update(TestTokens.bearer(this.user)).header("X-Forwarded-For", address), 1);
		problem(fresh.response(), 429, "RATE_LIMITED");
		assertSameAnswer(known, fresh);
	}

	/** Redis flushed: until user-service rebuilds the markers, a new token is refused. */
	@Test
	void whenRedisLostTheStandingMarkersANewTokenIsAnswered503Alike() throws Exception {
		String marker = AccessTokens.STANDING_READY_KEYS.get(0);
		String value = this.redis.opsForValue().get(marker);
		this.redis.delete(marker);
		try {
			assertSameRefusal(update(this.token), 503, "SERVICE_UNAVAILABLE");
		}
		finally {
			this.redis.opsForValue().set(marker, value);
		}
	}

	@Test
	void aTokenTheLaneCannotVerifyIsRefusedByTheFullChain() throws Exception {
		Map<String, String> invalid = Map.of("signed by a key the gateway does not trust",
				TestTokens.signedByUnknownKey(this.user), "expired", TestTokens.expired(this.user), "not a JWT",
				TestTokens.malformed());
		for (Map.Entry<String, String> token : invalid.entrySet()) {
			for (int i = 0; i < 2; i++) {
				problem(sendCounted(UPDATE, token.getKey(), update(token.getValue()), 0).response(), 401,
						"UNAUTHORIZED");
			}
		}
	}

	/**
	 * Attack: a flood of bad tokens costs no signature check once its bucket is empty.
	 */
	@Test
	void aFloodOfBadTokensIsLimitedBeforeAnySignatureCheck() throws Exception {
		String address = "198.51.100.8";
		emptyBucket("ip:" + address);
		long checksBefore = Es256.checks();
		for (int i = 0; i < 3; i++) {
			HttpRequest.Builder forged = update(TestTokens.signedByUnknownKey(UserId.random()))
				.header("X-Forwarded-For", address);
			problem(sendCounted(UPDATE, "a forged token", forged, 1).response(), 429, "RATE_LIMITED");
		}
		assertThat(Es256.checks()).isEqualTo(checksBefore);
	}

	/** The first request with a new token, then the second with it known. */
	private void assertSameRefusal(HttpRequest.Builder request, int status, String code) throws Exception {
		long checksBefore = Es256.checks();
		Seen first = sendCounted(UPDATE, "the first", request, 1);
		Seen second = sendCounted(UPDATE, "the second", request, 1);
		problem(first.response(), status, code);
		assertSameAnswer(first, second);
		assertThat(Es256.checks() - checksBefore).as("signature checks").isEqualTo(1);
	}

}
