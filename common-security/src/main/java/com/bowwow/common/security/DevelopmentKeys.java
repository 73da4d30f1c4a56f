package com.bowwow.common.security;

/**
 * The committed key pair that lets a service run on a laptop with no configuration. It is
 * public knowledge, so anyone can mint tokens with it: production refuses it by its key
 * ID ({@value AccessTokens#DEV_KEY_ID}), and the run script generates a fresh pair per
 * run instead.
 */
public final class DevelopmentKeys {

	/**
	 * Private EC P-256 JWK, the default signing key of user-service outside production.
	 */
	public static final String SIGNING_KEY = """
			{"kty":"EC","d":"iYT30ToMVOzAreGvyojXPxGLDSVlIxYqrTcFuYUlSt0","use":"sig","crv":"P-256","kid":"dev-local",\
			"x":"dnaauYkYqJP0YLnRTFpbw8voir4E4z4U-H7ZHuTHNlM","y":"dRbuBGRUQivSXFiqmcsAqv2fo9I61Z3ushj68xcwpqs","alg":"ES256"}""";

	/** The matching public JWK Set, the default verification keys outside production. */
	public static final String VERIFICATION_KEYS = """
			{"keys":[{"kty":"EC","use":"sig","crv":"P-256","kid":"dev-local",\
			"x":"dnaauYkYqJP0YLnRTFpbw8voir4E4z4U-H7ZHuTHNlM","y":"dRbuBGRUQivSXFiqmcsAqv2fo9I61Z3ushj68xcwpqs","alg":"ES256"}]}""";

	private DevelopmentKeys() {
	}

}
