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
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service-to-service keys ({@code /internal/**}): secrets.sh writes one private JWK per
 * calling service (kid {@code <service>:<label>}) whose public half is in the shared
 * verification set, rotation keeps the old key verifiable until retired, and each task
 * definition and its execution role get exactly the key material the service needs (a
 * caller its own signing key only; every service with internal endpoints the verification
 * set).
 */
class ServiceKeysSecretsTest {

	private static final List<String> CALLERS = List.of("user-service", "signal-service", "push-service");

	@TempDir
	Path temp;

	@Test
	void initWritesEachCallersOwnKeyAndTheVerificationSet() throws Exception {
		Path store = Files.createDirectory(this.temp.resolve("store"));
		assertThat(run(store, "init").exitCode).isZero();
		Map<String, Map<?, ?>> published = verificationSet(store);
		assertThat(published).hasSize(3);
		for (String service : CALLERS) {
			Map<?, ?> signing = TaskDefinitions
				.json(Files.readString(store.resolve("bowwow__production__service-signing-key__" + service)));
			assertThat((String) signing.get("kid")).startsWith(service + ":");
			assertThat(signing.get("d")).isNotNull();
			Map<?, ?> half = published.get((String) signing.get("kid"));
			assertThat(half).as("public half of " + service + "'s key").isNotNull();
			assertThat(half.containsKey("d")).isFalse();
			assertSignatureVerifies(signing, half);
		}
	}

	@Test
	void rotationKeepsTheOldKeyVerifiableUntilRetired() throws Exception {
		Path store = Files.createDirectory(this.temp.resolve("store"));
		assertThat(run(store, "init").exitCode).isZero();
		String first = (String) TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__service-signing-key__push-service")))
			.get("kid");
		assertThat(run(store, "service-add", "location-service").exitCode).as("location-service calls no one")
			.isNotZero();
		Result added = run(store, "service-add", "push-service");
		assertThat(added.exitCode).as(added.stderr).isZero();
		String second = added.stderr.replaceAll("(?s).*secrets\\.sh service-sign (\\S+).*", "$1");
		assertThat(verificationSet(store)).containsKeys(first, second);
		assertThat(run(store, "service-retire", first).exitCode).as("retiring the signing key").isNotZero();
		assertThat(run(store, "service-sign", second).exitCode).isZero();
		Map<?, ?> signing = TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__service-signing-key__push-service")));
		assertThat(signing.get("kid")).isEqualTo(second);
		assertSignatureVerifies(signing, verificationSet(store).get(second));
		assertThat(run(store, "service-retire", first).exitCode).isZero();
		assertThat(verificationSet(store)).doesNotContainKey(first).containsKey(second);
	}

	@Test
	void dryRunNeverShowsServiceKeyMaterial() throws Exception {
		Result result = run(null, "--dry-run", "init");
		assertThat(result.exitCode).as(result.stderr).isZero();
		assertThat(result.stderr).contains("--secret-id bowwow/production/service-signing-key/signal-service")
			.contains("--secret-id bowwow/production/service-verification-keys")
			.doesNotContain("\"d\"")
			.doesNotContain("\"x\":");
	}

	@Test
	void eachTaskGetsExactlyTheServiceKeysItNeeds() throws Exception {
		Map<String, Set<String>> expected = Map.of("user-service",
				Set.of("SERVICE_SIGNING_KEY", "SERVICE_VERIFICATION_KEYS"), "signal-service",
				Set.of("SERVICE_SIGNING_KEY", "SERVICE_VERIFICATION_KEYS"), "push-service",
				Set.of("SERVICE_SIGNING_KEY", "SERVICE_VERIFICATION_KEYS"), "location-service",
				Set.of("SERVICE_VERIFICATION_KEYS"), "analytics-service", Set.of(), "gateway", Set.of());
		String template = Files.readString(Repo.infra().resolve("cloudformation/bowwow-infrastructure.yaml"));
		expected.forEach((service, names) -> {
			Map<String, String> secrets = serviceSecrets(service);
			assertThat(secrets.keySet()).as(service).containsAll(names);
			assertThat(new TreeSet<>(secrets.keySet()).stream().filter((n) -> n.startsWith("SERVICE_")).toList())
				.as(service)
				.containsExactlyInAnyOrderElementsOf(names);
			if (names.contains("SERVICE_SIGNING_KEY")) {
				String own = pascal(service) + "SigningKeySecretArn";
				assertThat(secrets.get("SERVICE_SIGNING_KEY")).as("%s signs with its own key", service)
					.isEqualTo("{{" + own + "}}");
			}
			if (names.contains("SERVICE_VERIFICATION_KEYS")) {
				assertThat(secrets.get("SERVICE_VERIFICATION_KEYS")).isEqualTo("{{ServiceVerificationKeysSecretArn}}");
			}
		});
		// no execution role may read another service's signing key
		for (String line : template.lines().filter((l) -> l.contains("SecretArns: !Join")).toList()) {
			long signingKeys = CALLERS.stream()
				.filter((c) -> line.contains("!Ref " + pascal(c) + "SigningKeySecret"))
				.count();
			assertThat(signingKeys).as(line).isLessThanOrEqualTo(1);
		}
	}

	private static Map<String, String> serviceSecrets(String service) {
		try {
			Map<?, ?> definition = TaskDefinitions
				.json(Files.readString(Repo.infra().resolve("ecs/" + service + ".json")));
			Map<?, ?> container = (Map<?, ?>) ((List<?>) definition.get("containerDefinitions")).get(0);
			Map<String, String> secrets = new java.util.HashMap<>();
			for (Object entry : (List<?>) container.get("secrets")) {
				Map<?, ?> secret = (Map<?, ?>) entry;
				secrets.put((String) secret.get("name"), (String) secret.get("valueFrom"));
			}
			return secrets;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pascal(String service) {
		StringBuilder name = new StringBuilder();
		for (String part : service.split("-")) {
			name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		return name.toString();
	}

	private static Map<String, Map<?, ?>> verificationSet(Path store) throws Exception {
		Map<String, Map<?, ?>> keys = new java.util.HashMap<>();
		for (Object key : (List<?>) TaskDefinitions
			.json(Files.readString(store.resolve("bowwow__production__service-verification-keys")))
			.get("keys")) {
			keys.put((String) ((Map<?, ?>) key).get("kid"), (Map<?, ?>) key);
		}
		return keys;
	}

	private static void assertSignatureVerifies(Map<?, ?> privateJwk, Map<?, ?> publicJwk) throws Exception {
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
		PrivateKey privateKey = KeyFactory.getInstance("EC")
			.generatePrivate(new ECPrivateKeySpec(coordinate(privateJwk, "d"), curve));
		PublicKey publicKey = KeyFactory.getInstance("EC")
			.generatePublic(
					new ECPublicKeySpec(new ECPoint(coordinate(publicJwk, "x"), coordinate(publicJwk, "y")), curve));
		byte[] message = "header.payload".getBytes(StandardCharsets.UTF_8);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(privateKey);
		signer.update(message);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(publicKey);
		verifier.update(message);
		assertThat(verifier.verify(signature)).as("the published JWK is the public half of the signing key").isTrue();
	}

	private static BigInteger coordinate(Map<?, ?> jwk, String name) {
		return new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get(name)));
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
