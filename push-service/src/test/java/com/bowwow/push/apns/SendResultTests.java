package com.bowwow.push.apns;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SendResultTests {

	@ParameterizedTest
	@CsvSource({ "400, BadDeviceToken, dead", "410, Unregistered, dead", "400, DeviceTokenNotForTopic, dead",
			"429, TooManyRequests, transient", "500, InternalServerError, transient",
			"503, ServiceUnavailable, transient", "503, Shutdown, transient", "403, ExpiredProviderToken, transient",
			"403, InvalidProviderToken, final", "400, BadTopic, final", "400, PayloadTooLarge, final",
			"413, PayloadTooLarge, final", "400, BadCollapseId, final", "502, , transient" })
	void apnsAnswersAreClassified(int status, String reason, String expected) {
		SendResult.Rejected rejected = new SendResult.Rejected(status, reason);
		String actual = rejected.deadToken() ? "dead" : rejected.isTransient() ? "transient" : "final";
		assertThat(actual).isEqualTo(expected);
	}

}
