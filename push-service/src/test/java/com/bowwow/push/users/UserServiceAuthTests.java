package com.bowwow.push.users;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import com.bowwow.common.id.UserId;
import com.bowwow.push.PushIntegrationTest;
import com.bowwow.push.UserServiceStandIn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both calls to user-service's internal API carry push-service's service token: the
 * stand-in verifies it the way user-service does and refuses calls without one.
 */
class UserServiceAuthTests extends PushIntegrationTest {

	private static final String TOKEN = "a".repeat(64);

	@Autowired
	UserServiceClient users;

	@Test
	void pushTargetAndDeadTokenReportsCarryAVerifiedPushServiceToken() {
		UserId user = UserServiceStandIn.user(TOKEN);
		int before = UserServiceStandIn.callers().size();

		assertThat(this.users.pushTarget(user)).hasValueSatisfying((target) -> {
			assertThat(target.deviceToken()).isEqualTo(TOKEN);
		});
		this.users.reportDeadToken(user, TOKEN);

		assertThat(UserServiceStandIn.deadTokenReports(user)).hasSize(1);
		assertThat(UserServiceStandIn.callers().subList(before, UserServiceStandIn.callers().size()))
			.containsExactly("push-service", "push-service");
	}

	@Test
	void theStandInRefusesCallsWithoutAToken() throws Exception {
		UserId user = UserServiceStandIn.user(TOKEN);
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(UserServiceStandIn.url() + "/internal/users/" + user + "/push-target"))
				.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(401);
	}

}
