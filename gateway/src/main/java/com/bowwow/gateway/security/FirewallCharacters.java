package com.bowwow.gateway.security;

/**
 * The character rules of Spring Security's {@code StrictServerWebExchangeFirewall} for
 * header names, header values and parameter names, without its regular expressions
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, values also allowing a tab): matching
 * them was ~4 % of the gateway's CPU per request, every header of every request. The
 * common case, printable ASCII, takes one comparison per character.
 */
public final class FirewallCharacters {

	private FirewallCharacters() {
	}

	/** Header and parameter names: assigned code points, none a control character. */
	public static boolean assignedAndNotControl(String text) {
		return allowed(text, false);
	}

	/** Header values: the same, with tabs allowed. */
	public static boolean headerValue(String text) {
		return allowed(text, true);
	}

	private static boolean allowed(String text, boolean tabAllowed) {
		if (text == null) {
			return true;
		}
		int length = text.length();
		for (int i = 0; i < length;) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
