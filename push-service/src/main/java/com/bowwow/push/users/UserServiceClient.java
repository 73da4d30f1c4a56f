package com.bowwow.push.users;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bowwow.user.api.PushTarget;
import com.bowwow.user.api.PushTargets;
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
	 * The push targets of many users in as few calls as the batch limit allows; a user
	 * who does not exist (deleted) is absent from the answer.
	 */
	public Map<UserId, PushTarget> pushTargets(Collection<UserId> users) {
		List<UserId> distinct = users.stream().distinct().toList();
		Map<UserId, PushTarget> found = new HashMap<>();
		for (int from = 0; from < distinct.size(); from += PushTargets.MAX_USERS) {
			List<UserId> chunk = distinct.subList(from, Math.min(distinct.size(), from + PushTargets.MAX_USERS));
			PushTargets answer;
			try {
				answer = this.http.post()
					.uri(PushTargets.PATH)
					.body(new PushTargets.Request(chunk))
					.retrieve()
					.body(PushTargets.class);
			}
			catch (RestClientException ex) {
				throw new UserServiceUnavailableException("push-targets of " + chunk.size() + " users", ex);
			}
			if (answer == null) {
				throw new UserServiceUnavailableException("push-targets of " + chunk.size() + " users",
						new IllegalStateException("empty answer"));
			}
			answer.targets().forEach((target) -> found.put(target.userId(), target));
		}
		return found;
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
