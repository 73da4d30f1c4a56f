package com.bowwow.user.api;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether push notifications can go to a device token (APNs may report it dead). */
public enum DeviceTokenStatus {

	LIVE, DEAD;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value a wire name, exactly as the contract spells it
	 * @return the status
	 * @throws IllegalArgumentException for anything else
	 */
	public static DeviceTokenStatus fromWire(String value) {
		for (DeviceTokenStatus status : values()) {
			if (status.wireName().equals(value)) {
				return status;
			}
		}
		throw new IllegalArgumentException("must be one of live, dead");
	}

}
