package com.bowwow.common.security;

import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ES256 checks through Bouncy Castle accept the JDK's signatures, refuse what the JDK
 * refuses, and are what the verifiers use.
 */
class Es256Tests {

	private static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.ES256);

	private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0".getBytes(StandardCharsets.US_ASCII);

	private final ECKey key = generate();

	@Test
	void checksTheJdksSignatures() throws Exception {
		Base64URL signature = new ECDSASigner(this.key).sign(HEADER, INPUT);
		assertThat(Es256.verifier(this.key.toPublicJWK()).verify(HEADER, INPUT, signature)).isTrue();
		assertThat(Es256.verifierFactory()
			.createJWSVerifier(HEADER, this.key.toECPublicKey())
			.verify(HEADER, INPUT, signature)).isTrue();
	}

	@Test
	void refusesAlteredInputAlteredSignaturesZeroSignaturesAndOtherKeys() throws Exception {
		JWSVerifier verifier = Es256.verifier(this.key.toPublicJWK());
		byte[] signature = new ECDSASigner(this.key).sign(HEADER, INPUT).decode();

		byte[] altered = INPUT.clone();
		altered[3] ^= 1;
		assertThat(verifier.verify(HEADER, altered, Base64URL.encode(signature))).isFalse();
		byte[] flipped = signature.clone();
		flipped[40] ^= 1;
		assertThat(verifier.verify(HEADER, INPUT, Base64URL.encode(flipped))).isFalse();
		// r = s = 0 verified everything on JDKs with CVE-2022-21449.
		assertThat(verifier.verify(HEADER, INPUT, Base64URL.encode(new byte[64]))).isFalse();
		assertThat(verifier.verify(HEADER, INPUT, Base64URL.encode(new byte[63]))).isFalse();
		assertThat(Es256.verifier(generate().toPublicJWK()).verify(HEADER, INPUT, Base64URL.encode(signature)))
			.isFalse();
	}

	@Test
	void verifiersUseBouncyCastleAndTheirChecksAreCounted() throws Exception {
		assertThat(Es256.verifierFactory().getJCAContext().getProvider().getName()).isEqualTo("BC");
		assertThat(Es256.verifierFactory()
			.createJWSVerifier(HEADER, this.key.toECPublicKey())
			.getJCAContext()
			.getProvider()
			.getName()).isEqualTo("BC");
		assertThat(Es256.verifier(this.key.toPublicJWK()).getJCAContext().getProvider().getName()).isEqualTo("BC");

		Base64URL signature = new ECDSASigner(this.key).sign(HEADER, INPUT);
		long before = Es256.checks();
		Es256.verifierFactory().createJWSVerifier(HEADER, this.key.toECPublicKey()).verify(HEADER, INPUT, signature);
		Es256.verifier(this.key.toPublicJWK()).verify(HEADER, INPUT, signature);
		assertThat(Es256.checks() - before).isEqualTo(2);
	}

	private static ECKey generate() {
		try {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
