package com.bowwow.user.account;

import com.bowwow.common.id.UserId;
import com.bowwow.common.problem.ApiException;
import com.bowwow.common.security.AuthenticatedUser;
import com.bowwow.user.account.UserApi.RefreshRequest;
import com.bowwow.user.account.UserApi.RegisterRequest;
import com.bowwow.user.account.UserApi.RegisterResponse;
import com.bowwow.user.account.UserApi.SettingsUpdateRequest;
import com.bowwow.user.account.UserApi.UserDetailsResponse;
import com.bowwow.user.account.UserApi.UserResponse;
import com.bowwow.user.token.AccessToken;
import com.bowwow.user.token.AccessTokenIssuer;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
class UserController {

	private final UserAccounts accounts;

	private final AccessTokenIssuer tokens;

	private final OptionalCaller callers;

	UserController(UserAccounts accounts, AccessTokenIssuer tokens, OptionalCaller callers) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.callers = callers;
	}

	/**
	 * Public: 201 with a new account; 200 with the device token's (or the proven) account
	 * only with proof, its access token or its refresh token. Always a fresh access token
	 * and the install's refresh token.
	 */
	@PostMapping("/register")
	ResponseEntity<RegisterResponse> register(@Valid @RequestBody RegisterRequest request,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		Registration registration = this.accounts.register(request.deviceToken(), request.settings(),
				this.callers.identify(authorization), request.refreshToken());
		return ResponseEntity.status(registration.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.body(response(registration));
	}

	/**
	 * Public: rotates the install's refresh token; 401 for any token that is not current.
	 */
	@PostMapping("/token")
	RegisterResponse refresh(@Valid @RequestBody RefreshRequest request) {
		return response(this.accounts.refresh(request.refreshToken()));
	}

	private RegisterResponse response(Registration registration) {
		User user = registration.user();
		AccessToken token = this.tokens.issue(user.id());
		return new RegisterResponse(user.id(), user.settings(), user.createdAt(), token.value(), "Bearer",
				token.expiresAt(), registration.refreshToken());
	}

	@GetMapping("/{userID}")
	UserResponse get(@PathVariable("userID") UserId userId, @AuthenticationPrincipal AuthenticatedUser caller) {
		caller.requireSelf(userId);
		return UserResponse.of(this.accounts.get(userId));
	}

	@PutMapping("/{userID}/settings")
	UserDetailsResponse updateSettings(@PathVariable("userID") UserId userId,
			@RequestBody SettingsUpdateRequest request, @AuthenticationPrincipal AuthenticatedUser caller) {
		caller.requireSelf(userId);
		if (request.userId() != null) {
			caller.requireSelf(request.userId());
		}
		SettingsInput input = request.effective();
		if (input.isEmpty()) {
			throw ApiException.invalid("settings", "give isOffline, distanceUnit and/or language");
		}
		return UserDetailsResponse.of(this.accounts.updateSettings(userId, input));
	}

	@DeleteMapping("/{userID}")
	ResponseEntity<Void> delete(@PathVariable("userID") UserId userId,
			@AuthenticationPrincipal AuthenticatedUser caller) {
		caller.requireSelf(userId);
		this.accounts.delete(userId);
		return ResponseEntity.noContent().build();
	}

}
