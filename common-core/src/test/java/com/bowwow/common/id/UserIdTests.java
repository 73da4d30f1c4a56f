package com.bowwow.common.id;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UserIdTests {

	@Test
	void printsLowercase() {
		UserId id = UserId.parse("3F2C1B9E-8D4A-4C6F-9B1E-2A7D5C8E0F13");
		assertThat(id.toString()).isEqualTo("3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13");
		assertThat(id).isEqualTo(UserId.parse("3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13"));
	}

	@Test
	void aTokenSubjectMustBeLowercase() {
		assertThat(Uuids.isCanonicalLowercase("3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13")).isTrue();
		assertThat(Uuids.isCanonicalLowercase("3F2C1B9E-8d4a-4c6f-9b1e-2a7d5c8e0f13")).isFalse();
		assertThat(Uuids.isCanonicalLowercase("3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f1")).isFalse();
		assertThat(Uuids.isCanonicalLowercase(null)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1-2-3-4-5", "not-a-uuid", "3f2c1b9e8d4a4c6f9b1e2a7d5c8e0f13",
			"3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f13x", "3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f1g",
			"3f2c1b9e-8d4a-4c6f-9b1e+2a7d5c8e0f13", "3f2c1b9e8-d4a-4c6f-9b1e-2a7d5c8e0f13",
			"3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f1", "\uff13f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f1",
			"3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f1\u0663", " 3f2c1b9e-8d4a-4c6f-9b1e-2a7d5c8e0f1" })
	void nonCanonicalUuidsAreRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> UserId.parse(text));
	}

}
