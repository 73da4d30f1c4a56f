package com.bowwow.common.problem;

import org.springframework.http.HttpStatus;

/**
 * A kind of failure clients can act on: an HTTP status, a short human title and a stable
 * machine {@link #code()} that never changes once published. Services declare their own
 * domain problems (e.g. {@code SIGNAL_COOLDOWN_ACTIVE}) as enums implementing this.
 */
public interface ProblemType {

	HttpStatus status();

	String code();

	String title();

}
