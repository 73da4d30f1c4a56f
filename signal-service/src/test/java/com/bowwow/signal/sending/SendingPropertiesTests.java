package com.bowwow.signal.sending;

import java.net.URI;
import java.time.Duration;

import com.bowwow.location.api.UsersWithin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SendingPropertiesTests {

	private static final URI LOCATION = URI.create("http://localhost:8002");

	@Test
	void theFirstAudienceIsAtLeastOneAndAtMostWhatLocationServiceAnswers() {
		assertThat(properties(1).firstAudience()).isEqualTo(1);
		assertThat(properties(UsersWithin.MAX_LIMIT).firstAudience()).isEqualTo(UsersWithin.MAX_LIMIT);
		assertThatIllegalArgumentException().isThrownBy(() -> properties(0))
			.withMessageContaining("bowwow.signal.first-audience");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(UsersWithin.MAX_LIMIT + 1));
	}

	private static SendingProperties properties(int firstAudience) {
		return new SendingProperties(LOCATION, Duration.ofSeconds(3), Duration.ofHours(1), Duration.ofMillis(500),
				firstAudience);
	}

}
