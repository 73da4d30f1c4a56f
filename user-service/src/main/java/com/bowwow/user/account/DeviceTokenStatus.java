package com.bowwow.user.account;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether push notifications can go to the device token (APNs may report it dead). */
public enum DeviceTokenStatus {

	LIVE, DEAD;

	@JsonValue
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static DeviceTokenStatus fromColumn(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
