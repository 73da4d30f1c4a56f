package com.bowwow.infra;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * secrets.sh writes key material in the formats the services read: a P-256 PKCS#8 signing
 * key whose public half is in the JWK set under the same kid, and
 * {@code id:base64(32 bytes)} location keys; rotation keeps old keys verifiable until
 * retired. Runs against the script's local stand-in for Secrets Manager, and in dry-run.
 */
class SecretsScriptTest {

	@TempDir
	Path temp;

	@Test
	void initWritesAKeyPairAndALocationKeyInTheServicesFormats() throws Exception {
		Path store = Files.createDirectories(this.temp.resolve("store"));
		assertThat(run(store, "init").exitCode).isZero();
		Map<String, Object> signing = TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__jwt-signing-key")));
		Map<String, Object> jwks = TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__jwt-verification-keys")));
		String kid = (String) signing.get("keyId");
		List<?> keys = (List<?>) jwks.get("keys");
		assertThat(keys).hasSize(1);
		@SuppressWarnings("unchecked")
		Map<Object, Object> jwk = (Map<Object, Object>) keys.get(0);
		assertThat(jwk).containsEntry("kid", kid)
			.containsEntry("kty", "EC")
			.containsEntry("crv", "P-256")
			.containsEntry("alg", "ES256")
			.doesNotContainKey("d");
		assertSignatureVerifies((String) signing.get("privateKey"), jwk);

		Map<String, Object> location = TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__location-encryption-keys")));
		String active = (String) location.get("activeKeyId");
		String entry = (String) location.get("keys");
		assertThat(entry).startsWith(active + ":");
		assertThat(Base64.getDecoder().decode(entry.substring(active.length() + 1))).hasSize(32);
	}

	@Test
	void jwtRotationKeepsTheOldKeyVerifiableUntilRetired() throws Exception {
		Path store = Files.createDirectories(this.temp.resolve("store"));
		assertThat(run(store, "init").exitCode).isZero();
		String first = (String) TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__jwt-signing-key")))
			.get("keyId");
		Thread.sleep(1100); // key ids carry the second they were made
		Result added = run(store, "jwt-add");
		assertThat(added.exitCode).as(added.stderr).isZero();
		String second = added.stderr.replaceAll("(?s).*secrets\\.sh jwt-sign (\\S+).*", "$1");
		assertThat(kids(store)).containsExactly(first, second);
		assertThat(run(store, "jwt-retire", first).exitCode).as("retiring the signing key").isNotZero();
		assertThat(run(store, "jwt-sign", second).exitCode).isZero();
		Map<String, Object> signing = TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__jwt-signing-key")));
		assertThat(signing.get("keyId")).isEqualTo(second);
		assertSignatureVerifies((String) signing.get("privateKey"),
				(Map<?, ?>) ((List<?>) TaskDefinitions
					.json(Files.readString(store.resolve("bowwow__production__jwt-verification-keys")))
					.get("keys")).get(1));
		assertThat(run(store, "jwt-retire", first).exitCode).isZero();
		assertThat(kids(store)).containsExactly(second);
	}

	@Test
	void dryRunShowsTheCallsButNeverTheKeyMaterial() throws Exception {
		Result result = run(null, "--dry-run", "init");
		assertThat(result.exitCode).as(result.stderr).isZero();
		assertThat(result.stderr).contains(
				"secretsmanager put-secret-value --secret-id bowwow/production/jwt-signing-key --secret-string file://")
			.contains("--secret-id bowwow/production/jwt-verification-keys")
			.contains("--secret-id bowwow/production/location-encryption-keys")
			.doesNotContain("PRIVATE KEY")
			.doesNotContain("\"x\":");
	}

	private List<Object> kids(Path store) throws Exception {
		List<Object> kids = new ArrayList<>();
		for (Object key : (List<?>) TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__jwt-verification-keys")))
			.get("keys")) {
			kids.add(((Map<?, ?>) key).get("kid"));
		}
		return kids;
	}

	private static void assertSignatureVerifies(String pem, Map<?, ?> jwk) throws Exception {
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
		byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
		PrivateKey privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		ECPoint point = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("x"))),
				new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("y"))));
		PublicKey publicKey = KeyFactory.getInstance("EC")
			.generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
		byte[] message = "header.payload".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(privateKey);
		signer.update(message);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(publicKey);
		verifier.update(message);
		assertThat(verifier.verify(signature)).as("the JWK is the public half of the signing key").isTrue();
	}

	private Result run(Path store, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", Repo.infra().resolve("scripts/secrets.sh").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.root().toFile());
		builder.environment().remove("SECRETS_OUT_DIR");
		if (store != null) {
			builder.environment().put("SECRETS_OUT_DIR", store.toString());
		}
		Path err = this.temp.resolve("stderr");
		Process process = builder.redirectOutput(this.temp.resolve("stdout").toFile())
			.redirectError(err.toFile())
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), Files.readString(err));
	}

	private record Result(int exitCode, String stderr) {
	}

}
