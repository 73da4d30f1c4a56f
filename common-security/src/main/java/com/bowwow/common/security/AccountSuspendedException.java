package com.bowwow.common.security;

import org.springframework.security.core.AuthenticationException;

/** A valid token of a suspended user; answered 403 {@code ACCOUNT_SUSPENDED}. */
class AccountSuspendedException extends AuthenticationException {

	static final String DETAIL = "This account is suspended";

	AccountSuspendedException() {
		super(DETAIL);
	}

}
