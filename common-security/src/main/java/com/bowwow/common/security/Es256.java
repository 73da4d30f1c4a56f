package com.bowwow.common.security;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.Provider;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ES256 signature checks with Bouncy Castle's elliptic-curve code instead of the JDK's.
 * On Java 25 and the 2-core machines here a check costs about 165-190 µs of CPU against
 * 380-490 µs (the bench prints both on each run: "ES256 on this machine"). Every process
 * checks each active user's token once per {@link VerifiedTokens#MAX_AGE}, and a load
 * balancer spreads a phone's requests over every gateway task: a million active users
 * behind ten tasks is 3,300 checks a second per task, about 1.6 cores the JDK's way and
 * 0.6 this way. Signing stays with the JDK, whose P-256 signatures (about 120-175 µs) are
 * faster than Bouncy Castle's (about 215-320).
 * <p>
 * The provider is handed to Nimbus for these checks only, never installed in the JVM
 * ({@code Security.addProvider}): everything else keeps the JDK's providers. Its first
 * use loads about 860 classes and builds the curve's tables (about 0.3 s of CPU, 3.5 MiB
 * of class metadata); {@link #warmUpInBackground()} takes that off the first request.
 */
public final class Es256 {

	private static final Logger log = LoggerFactory.getLogger(Es256.class);

	private static final Provider PROVIDER = new BouncyCastleProvider();

	private static final LongAdder CHECKS = new LongAdder();

	private Es256() {
	}

	/** The provider that does the curve arithmetic. */
	public static Provider provider() {
		return PROVIDER;
	}

	/**
	 * What a Nimbus JWT processor should verify signatures with (for ES256; the other
	 * algorithms it may be configured for use the same provider).
	 */
	public static JWSVerifierFactory verifierFactory() {
		DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
		factory.getJCAContext().setProvider(PROVIDER);
		return new JWSVerifierFactory() {

			@Override
			public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
				return new Counted(factory.createJWSVerifier(header, key));
			}

			@Override
			public Set<JWSAlgorithm> supportedJWSAlgorithms() {
				return factory.supportedJWSAlgorithms();
			}

			@Override
			public JCAContext getJCAContext() {
				return factory.getJCAContext();
			}

		};
	}

	/** Verifies signatures of the given public key. */
	public static JWSVerifier verifier(ECKey key) throws JOSEException {
		return new Counted(uncounted(key));
	}

	private static ECDSAVerifier uncounted(ECKey key) throws JOSEException {
		ECDSAVerifier verifier = new ECDSAVerifier(key);
		verifier.getJCAContext().setProvider(PROVIDER);
		return verifier;
	}

	/**
	 * Signatures this process has checked since it started: with the verified-token
	 * caches working, about one per active user and {@link VerifiedTokens#MAX_AGE}, not
	 * one per request.
	 */
	public static long checks() {
		return CHECKS.sum();
	}

	/**
	 * Checks one signature of a throw-away key on a background thread, so the first
	 * request does not pay for loading the code.
	 */
	public static void warmUpInBackground() {
		Thread.ofVirtual().name("es256-warm-up").start(() -> {
			try {
				ECKey key = new ECKeyGenerator(Curve.P_256).generate();
				JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
				byte[] input = "warm-up".getBytes(StandardCharsets.US_ASCII);
				Base64URL signature = new ECDSASigner(key).sign(header, input);
				// Not counted: the metric counts users' and services' tokens.
				uncounted(key.toPublicJWK()).verify(header, input, signature);
			}
			catch (JOSEException | RuntimeException ex) {
				// The first real token pays instead.
				log.debug("ES256 warm-up failed: {}", ex.toString());
			}
		});
	}

	/** A verifier whose checks are counted. */
	private record Counted(JWSVerifier verifier) implements JWSVerifier {

		@Override
		public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
			CHECKS.increment();
			return this.verifier.verify(header, signingInput, signature);
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return this.verifier.supportedJWSAlgorithms();
		}

		@Override
		public JCAContext getJCAContext() {
			return this.verifier.getJCAContext();
		}

	}

}
