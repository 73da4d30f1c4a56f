package com.bowwow.push.delivery;

import java.util.Locale;

/** Where a delivery stands. Everything but {@link #PENDING} is final. */
public enum DeliveryStatus {

	/** Queued, in flight, or waiting for a retry. */
	PENDING,

	/** APNs accepted it (or log mode logged it). */
	SENT,

	/** APNs refused the device token for good; the token was reported dead. */
	REJECTED,

	/** Not sent on purpose: offline, deleted, dead token, expired, blocked, suspended. */
	SKIPPED,

	/**
	 * Failed until the retry limit, or refused by APNs for a reason that is not the
	 * token's.
	 */
	DEAD_LETTERED;

	/** The wire spelling, e.g. {@code dead_lettered}. */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DeliveryStatus fromWire(String value) {
		for (DeliveryStatus status : values()) {
			if (status.wireName().equalsIgnoreCase(value.trim())) {
				return status;
			}
		}
		throw new IllegalArgumentException("must be one of: pending, sent, rejected, skipped, dead_lettered");
	}

}
