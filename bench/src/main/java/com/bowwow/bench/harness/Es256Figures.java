package com.bowwow.bench.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;
import java.util.Locale;

import com.bowwow.common.security.Es256;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;

/**
 * What an ES256 signature costs on this machine, checked the services' way
 * ({@link Es256}: Bouncy Castle) and the JDK's, and made both ways: CPU time of this
 * thread per operation, after every one was run enough for the JIT. Taken before the
 * stack starts, on a quiet machine. Every process pays one verification per active user
 * and verified-token lifetime, and user-service one signature per token issued.
 */
final class Es256Figures {

	private static final JWSHeader HEADER = new JWSHeader(JWSAlgorithm.ES256);

	/** A token's signing input is about this long. */
	private static final byte[] INPUT = "x".repeat(330).getBytes(StandardCharsets.US_ASCII);

	private static final int ROUNDS = 500;

	/** Enough for the JIT to have compiled both ways (on 2 cores, about 3 s in all). */
	private static final int WARM_UP = 2_000;

	private Es256Figures() {
	}

	static String measure() {
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).generate();
			JWSSigner jdkSigner = new ECDSASigner(key);
			JWSVerifier jdkVerifier = new ECDSAVerifier(key.toPublicJWK());
			ECDSASigner signer = new ECDSASigner(key);
			// Bouncy Castle's signing: measured to show why the services sign the
			// JDK's way.
			signer.getJCAContext().setProvider(Es256.provider());
			JWSVerifier verifier = Es256.verifier(key.toPublicJWK());
			Base64URL signature = signer.sign(HEADER, INPUT);
			List<Operation> operations = List.of(() -> verifier.verify(HEADER, INPUT, signature),
					() -> jdkVerifier.verify(HEADER, INPUT, signature), () -> signer.sign(HEADER, INPUT),
					() -> jdkSigner.sign(HEADER, INPUT));
			// All compiled before any is measured, or the first pays for the JIT.
			for (Operation operation : operations) {
				run(operation, WARM_UP);
			}
			double[] micros = new double[operations.size()];
			for (int i = 0; i < micros.length; i++) {
				micros[i] = micros(operations.get(i));
			}
			return String.format(Locale.ROOT,
					"check %.0f µs of CPU (the JDK's own, %s: %.0f); sign: Bouncy Castle %.0f µs, the JDK %.0f (the"
							+ " services sign with the JDK's); %d of each after %d unmeasured",
					micros[0], Signature.getInstance("SHA256withECDSA").getProvider().getName(), micros[1], micros[2],
					micros[3], ROUNDS, WARM_UP);
		}
		catch (JOSEException | GeneralSecurityException ex) {
			return "not measured: " + ex;
		}
	}

	private static double micros(Operation operation) throws JOSEException {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long start = threads.getCurrentThreadCpuTime();
		run(operation, ROUNDS);
		return (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / ROUNDS;
	}

	private static void run(Operation operation, int times) throws JOSEException {
		for (int i = 0; i < times; i++) {
			operation.run();
		}
	}

	private interface Operation {

		Object run() throws JOSEException;

	}

}
