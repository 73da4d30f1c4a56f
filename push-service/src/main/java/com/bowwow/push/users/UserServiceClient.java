package com.bowwow.push.users;

import java.util.Map;
import java.util.Optional;

import com.bowwow.user.api.PushTarget;
import com.bowwow.common.id.UserId;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * user-service's internal API. Failures other than "no such user" surface as
 * {@link UserServiceUnavailableException}: the caller treats them like any transient
 * failure and tries again later.
 */
public class UserServiceClient {

	private final RestClient http;

	public UserServiceClient(RestClient http) {
		this.http = http;
	}

	/** The user's push target, or empty when the user does not exist (deleted). */
	public Optional<PushTarget> pushTarget(UserId user) {
		try {
			return Optional.ofNullable(this.http.get().uri(PushTarget.PATH, user).retrieve().body(PushTarget.class));
		}
		catch (HttpClientErrorException.NotFound ex) {
			return Optional.empty();
		}
		catch (RestClientException ex) {
			throw new UserServiceUnavailableException("push-target of " + user, ex);
		}
	}

	/**
	 * Reports that APNs refused the token for good (idempotent on user-service's side; a
	 * token the user has replaced meanwhile is ignored there).
	 */
	public void reportDeadToken(UserId user, String deviceToken) {
		try {
			this.http.post()
				.uri("/internal/users/{userID}/device-token/dead", user)
				.body(Map.of("deviceToken", deviceToken))
				.retrieve()
				.onStatus((status) -> status.isSameCodeAs(HttpStatus.NOT_FOUND), (request, response) -> {
					// the user is gone, and with them the token
				})
				.toBodilessEntity();
		}
		catch (RestClientException ex) {
			throw new UserServiceUnavailableException("dead-token report for " + user, ex);
		}
	}

	/** user-service could not answer. */
	public static class UserServiceUnavailableException extends RuntimeException {

		UserServiceUnavailableException(String what, Throwable cause) {
			super("user-service unavailable (" + what + "): " + cause.getMessage(), cause);
		}

	}

}
