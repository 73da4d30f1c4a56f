package com.bowwow.common.internal;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * One committed key pair per service, so that tests and a laptop need no configuration.
 * They are public knowledge: production refuses them by label ({@value #LABEL}) and by
 * thumbprint, and devstack generates fresh pairs per run instead.
 */
public final class DevelopmentServiceKeys {

	/** The label of every development key ID ({@code <service>:dev-local}). */
	public static final String LABEL = "dev-local";

	private static final Map<String, ECKey> KEYS = Map.ofEntries(
			Map.entry("gateway", key("gateway", "CygKctS14VH0WaV4Xo6K73zZzsLZLGnJqL0J1cXg2Lw",
					"NmZgz3sTM9ftIGWQ_tuYLHPhzK2UxvM8jqXZlurTfos", "NU-NjGprCmFagHfmsNQX6hAvonHXHIwhUgbj_dEOLzo")),
			Map.entry("user-service", key("user-service", "SqKlfZfyBD5tYK1L0Vbl8sO0T8BeB_ljRdwrUhnKsyc",
					"89cqSRl04WGQux2jCUVpRxd4TtFyxYAIKINPICx_UoU", "sc2gc68m7RKBUtr4KYimVBzejGQgSd6mljWvX-hhINU")),
			Map.entry("location-service", key("location-service", "XNkO5IpetgnCvZwAdFG2fwgi0Q9OYhIalc4h3Tf1wac",
					"3oj_seSgoQT9LcYzwOVYdOmhrPnlEu1Q6tpVs9PMFWk", "5PsaVYTKbPW71-tdzialDmlOsmhLlR1KbrMBXP4rIv0")),
			Map.entry("signal-service", key("signal-service", "jGbkw5sD8zmRJVsdwyhur6q3dO8MF4WN_6VKby_RZPg",
					"m6XJpeSPja9jeIWBnlx0fikM1bbZ-fm45OZOl2xivYg", "wvRI4h_09DnWaUt8ce71xUfG1cjIw9ami8-POMS-pwE")),
			Map.entry("push-service", key("push-service", "omjTN-UPg5v5AqcOEIL_cMNB1ju_ShESJsSHyPPauvk",
					"1qqiBAo_09Pwehgvji-NJPGMmRo-8VydA3LDvrZtp-o", "p6cFtXNzJt2sIiL7dr9U2LgRwH2oRhVeFsIFxNf30SU")),
			Map.entry("analytics-service", key("analytics-service", "sQHunvdAoHZndQDHlOv3U3sMCV4tGXrBB8B_VtCpshE",
					"gc1Bos654ZWLYHElMjTKIbO2p_LxhjJzs-gWGzQCuPA", "6mh90B__Mn25gpFTZLg1HwAzFfnjj3PHfUqInHADdU0")));

	private DevelopmentServiceKeys() {
	}

	/** The committed private key of a service, if it is one of ours. */
	public static Optional<ECKey> signingKey(String service) {
		return Optional.ofNullable(KEYS.get(service));
	}

	/** The public halves of all committed keys. */
	public static JWKSet verificationKeys() {
		return new JWKSet(KEYS.values().stream().map((key) -> (JWK) key.toPublicJWK()).toList());
	}

	/** Whether a key is (or has the public half of) a committed development key. */
	static boolean isDevelopmentKey(JWK key) {
		if (key.getKeyID() != null && key.getKeyID().endsWith(":" + LABEL)) {
			return true;
		}
		try {
			String thumbprint = key.computeThumbprint().toString();
			for (ECKey known : KEYS.values()) {
				if (known.computeThumbprint().toString().equals(thumbprint)) {
					return true;
				}
			}
			return false;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> services() {
		return KEYS.keySet().stream().sorted().toList();
	}

	private static ECKey key(String service, String x, String y, String d) {
		try {
			return ECKey.parse("{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\""
					+ service + ":" + LABEL + "\",\"x\":\"" + x + "\",\"y\":\"" + y + "\",\"d\":\"" + d + "\"}");
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
