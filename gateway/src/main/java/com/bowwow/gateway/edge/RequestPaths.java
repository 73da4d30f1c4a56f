package com.bowwow.gateway.edge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one reading of a request path that routing, security and rate limits all share.
 * Routes and security matchers compare decoded segments while the services decode again
 * on their side, so {@code /%61pi/v1/users/%72egister} is the registration endpoint to
 * everyone except a filter that compares raw strings. The gateway therefore rewrites
 * every request to its canonical form (each segment decoded, then re-encoded minimally)
 * before anything looks at it, and refuses paths whose decoding is ambiguous: encoded
 * slashes, backslashes, dot segments, empty segments, matrix parameters, encoded
 * {@code %} (double encoding), control characters including {@code %00}, malformed
 * escapes and invalid UTF-8. No legitimate client sends any of them.
 */
final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * The canonical form of a raw (still encoded) request path.
	 * @param rawPath the path as sent, without query
	 * @return the canonical path, equal to {@code rawPath} when it was already canonical
	 * @throws IllegalArgumentException with a client-safe reason when the path is refused
	 */
	public static String canonical(String rawPath) {
		if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
			throw new IllegalArgumentException("The request path must start with '/'");
		}
		StringBuilder canonical = new StringBuilder(rawPath.length());
		int start = 1;
		while (true) {
			int end = rawPath.indexOf('/', start);
			String segment = rawPath.substring(start, (end < 0) ? rawPath.length() : end);
			boolean last = end < 0;
			if (segment.isEmpty() && !last) {
				throw new IllegalArgumentException("The request path has an empty segment");
			}
			String decoded = decodeSegment(segment);
			if (decoded.equals(".") || decoded.equals("..")) {
				throw new IllegalArgumentException("The request path has a dot segment");
			}
			canonical.append('/');
			encodeSegment(decoded, canonical);
			if (last) {
				return canonical.toString();
			}
			start = end + 1;
		}
	}

	/** Whether {@code rawPath} would be refused by {@link #canonical(String)}. */
	public static boolean isRefused(String rawPath) {
		try {
			canonical(rawPath);
			return false;
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	private static String decodeSegment(String segment) {
		ByteArrayOutputStream bytes = null;
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c == '%') {
				if (i + 2 >= segment.length()) {
					throw new IllegalArgumentException("The request path has a malformed escape");
				}
				int hi = Character.digit(segment.charAt(i + 1), 16);
				int lo = Character.digit(segment.charAt(i + 2), 16);
				if (hi < 0 || lo < 0) {
					throw new IllegalArgumentException("The request path has a malformed escape");
				}
				if (bytes == null) {
					bytes = new ByteArrayOutputStream(segment.length());
					bytes.write(segment.getBytes(StandardCharsets.US_ASCII), 0, i);
				}
				bytes.write((hi << 4) | lo);
				i += 2;
			}
			else {
				if (!isPathChar(c)) {
					throw new IllegalArgumentException("The request path has a character that must not appear in it");
				}
				if (bytes != null) {
					bytes.write(c);
				}
			}
		}
		String decoded = (bytes != null) ? strictUtf8(bytes.toByteArray()) : segment;
		for (int i = 0; i < decoded.length(); i++) {
			char c = decoded.charAt(i);
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
				throw new IllegalArgumentException("The request path has a control character");
			}
			if (c == '/' || c == '\\' || c == ';' || c == '%') {
				throw new IllegalArgumentException("The request path has an ambiguous encoded character");
			}
		}
		return decoded;
	}

	private static String strictUtf8(byte[] bytes) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		try {
			return decoder.decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("The request path is not valid UTF-8");
		}
	}

	private static void encodeSegment(String decoded, StringBuilder out) {
		for (int i = 0; i < decoded.length(); i++) {
			char c = decoded.charAt(i);
			if (c < 0x80 && isPathChar(c)) {
				out.append(c);
			}
			else {
				int codePoint = decoded.codePointAt(i);
				if (Character.isSupplementaryCodePoint(codePoint)) {
					i++;
				}
				for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
					out.append('%')
						.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
						.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
				}
			}
		}
	}

	/**
	 * RFC 3986 {@code pchar} without {@code %} (handled as escapes) and without {@code ;}
	 * (matrix parameters: Spring strips them before matching, services do not).
	 */
	private static boolean isPathChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')'
				|| c == '*' || c == '+' || c == ',' || c == '=' || c == ':' || c == '@';
	}

}
