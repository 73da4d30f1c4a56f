package com.bowwow.gateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FirewallCharacters} answers like the regular expressions of Spring Security's
 * strict firewall it replaces, for every generated name and value: ASCII, controls, tabs,
 * unassigned and supplementary code points, lone surrogates.
 */
class FirewallCharactersTests {

	/** One of each kind the rules tell apart, and plain text around them. */
	private static final int[] CODE_POINTS = { 'a', 'Z', '0', ' ', '-', '~', '|', '\t', '\n', '\r', 0, 0x1f, 0x7f, 0x80,
			0x85, 0x9f, 0xa0, 0xe9, 0x378, 0x2028, 0x200b, 0xfeff, 0xfdd0, 0xfffe, 0xffff, 0xd800, 0xdbff, 0xdc00,
			0xdfff, 0x1f600, 0x10ffff, 0xe0001, 0xe0080, 0x2fffe, 0xac00 };

	@Test
	void answersLikeTheStrictFirewallForGeneratedText() {
		Random random = new Random(20261207);
		List<String> texts = new ArrayList<>(List.of("", "application/json", "Bearer abc", "a\tb", "a\u0000b",
				"caf\u00e9", "\ud83d\ude00", "\ud83d", "\ude00x"));
		for (int i = 0; i < 30_000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(8);
			for (int j = 0; j < length; j++) {
				text.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
			}
			texts.add(text.toString());
		}
		int refused = 0;
		for (String text : texts) {
			refused += agree(text, FirewallCharacters::assignedAndNotControl,
					StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
			agree(text, FirewallCharacters::headerValue, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
			agree(text, FirewallCharacters::assignedAndNotControl,
					StrictServerWebExchangeFirewall.ALLOWED_PARAMETER_NAMES);
		}
		// Both answers occur often, so the comparison means something.
		assertThat(refused).isBetween(texts.size() / 5, texts.size() * 4 / 5);
		assertThat(FirewallCharacters.assignedAndNotControl(null)).isTrue();
		assertThat(FirewallCharacters.headerValue(null)).isTrue();
	}

	private static int agree(String text, Predicate<String> ours, Predicate<String> spring) {
		boolean expected = spring.test(text);
		assertThat(ours.test(text)).as("%s", text.codePoints().mapToObj(Integer::toHexString).toList())
			.isEqualTo(expected);
		return expected ? 0 : 1;
	}

}
