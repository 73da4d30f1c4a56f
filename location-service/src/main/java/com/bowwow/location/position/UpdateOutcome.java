package com.bowwow.location.position;

/** What became of a position update; all of them are accepted (2xx). */
public enum UpdateOutcome {

	/** The position is now the user's newest. */
	STORED,

	/** The user already has a position reported at the same time or later. */
	IGNORED_OLDER,

	/** Reported longer ago than the retention: it would be expired on arrival. */
	IGNORED_EXPIRED

}
