#!/usr/bin/env bash
# Fills and rotates the key material the stack creates empty, in the formats the services read:
#   bowwow/<env>/jwt-signing-key          {"keyId","privateKey"}  -> JWT_SIGNING_KEY_ID, JWT_SIGNING_KEY (PKCS#8 PEM, P-256)
#   bowwow/<env>/jwt-verification-keys    JWK Set of public P-256 keys  -> JWT_VERIFICATION_KEYS
#   bowwow/<env>/location-encryption-keys {"activeKeyId","keys"} -> LOCATION_ENCRYPTION_ACTIVE_KEY_ID,
#                                          LOCATION_ENCRYPTION_KEYS ("id:base64(32 bytes),...")
#   bowwow/<env>/apns                     {"signingKey","keyId","teamId","topic"} -> APNS_*
#   bowwow/<env>/service-signing-key/<service>  private P-256 JWK, kid "<service>:<label>" -> SERVICE_SIGNING_KEY
#                                          (user-, signal-, push-service: the services that call /internal/**)
#   bowwow/<env>/service-verification-keys      JWK Set of those public keys -> SERVICE_VERIFICATION_KEYS
# Key material is generated here (openssl) and goes straight to Secrets Manager; it is never printed.
#
#   infra/scripts/secrets.sh [--dry-run] init                  first JWT key pair, first location key, service keys
#   infra/scripts/secrets.sh [--dry-run] service-add <service> new service key: public key joins the verification set
#   infra/scripts/secrets.sh [--dry-run] service-sign <kid>    the service signs with that (already added) key
#   infra/scripts/secrets.sh [--dry-run] service-retire <kid>  drop an old service public key
#   infra/scripts/secrets.sh [--dry-run] jwt-add               new key pair: public key joins the verification set
#   infra/scripts/secrets.sh [--dry-run] jwt-sign <keyId>      user-service signs with that (already added) key
#   infra/scripts/secrets.sh [--dry-run] jwt-retire <keyId>    drop an old public key from the verification set
#   infra/scripts/secrets.sh [--dry-run] location-add          new location key, made active
#   infra/scripts/secrets.sh [--dry-run] location-retire <id>  drop a location key (24 h after it stopped sealing)
#   infra/scripts/secrets.sh [--dry-run] apns <AuthKey.p8> <keyId> <teamId> <topic>
# After each step, roll the services that read the secret (infra/README.md, "Secrets rotation").
# Pending private keys of jwt-add are kept in Secrets Manager too (bowwow/<env>/jwt-pending/<keyId>).
# Needs: aws, openssl, jq.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ENVIRONMENT="${ENVIRONMENT:-production}"
ARGS=()
for arg in "$@"; do
	case "$arg" in
		--dry-run) DRY_RUN=1 ;;
		-h|--help) sed -n '2,25p' "$0"; exit 0 ;;
		*) ARGS+=("$arg") ;;
	esac
done
set -- "${ARGS[@]}"
[[ $# -ge 1 ]] || die "what to do? (--help)"
for tool in openssl jq; do command -v "$tool" >/dev/null || die "$tool is required"; done
PREFIX="bowwow/$ENVIRONMENT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
chmod 700 "$WORK"

# SECRETS_OUT_DIR=<dir>: a local stand-in for Secrets Manager (one file per secret name, "/" -> "__"), used by
# verify-images.sh --production to start the images with key material in exactly the production formats
local_file() { printf '%s/%s' "$SECRETS_OUT_DIR" "${1//\//__}"; }
# get SECRET_NAME DRY_RUN_VALUE -> the current value (stdout)
get() {
	if [[ -n "${SECRETS_OUT_DIR:-}" ]]; then cat "$(local_file "$1")"; return; fi
	aws_call "$2" secretsmanager get-secret-value --secret-id "$1" --query SecretString --output text
}
# put SECRET_NAME FILE: the value is read from a file, so it never appears on a command line
put() {
	if [[ -n "${SECRETS_OUT_DIR:-}" ]]; then cp "$2" "$(local_file "$1")"; log "wrote $(local_file "$1")"; return; fi
	aws_call "" secretsmanager put-secret-value --secret-id "$1" --secret-string "file://$2" \
		--query VersionId --output text >/dev/null
	log "updated $1"
}
b64url() { basenc --base64url -w0 | tr -d '='; }

# new_ec_key KID: writes $WORK/KID.pem (PKCS#8) and $WORK/KID.jwk (public JWK)
new_ec_key() {
	local kid="$1" der
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/$kid.pem" 2>/dev/null
	der="$WORK/$kid.pub.der"
	openssl pkey -in "$WORK/$kid.pem" -pubout -outform DER -out "$der" 2>/dev/null
	# an uncompressed P-256 point ends the SubjectPublicKeyInfo: 0x04 || X (32 bytes) || Y (32 bytes)
	jq -n --arg kid "$kid" --arg x "$(tail -c 64 "$der" | head -c 32 | b64url)" \
		--arg y "$(tail -c 32 "$der" | b64url)" \
		'{kty: "EC", crv: "P-256", use: "sig", alg: "ES256", kid: $kid, x: $x, y: $y}' > "$WORK/$kid.jwk"
}
new_kid() { printf '%s-%s' "$1" "$(date -u +%Y%m%d%H%M%S)"; }

SERVICE_CALLERS=(user-service signal-service push-service)
# new_service_key SERVICE: a fresh key; prints its kid, writes $WORK/<kid>.jwk (public) and $WORK/<kid>.private.jwk
new_service_key() {
	local kid d
	kid="$1:$(date -u +%Y%m%d%H%M%S)-$(openssl rand -hex 3)"
	new_ec_key "$kid"
	# SEC1 DER of a P-256 key: 30 77 02 01 01 04 20, then the 32-byte private scalar
	d="$(openssl ec -in "$WORK/$kid.pem" -outform DER 2>/dev/null | head -c 39 | tail -c 32 | b64url)"
	jq --arg d "$d" '. + {d: $d}' "$WORK/$kid.jwk" > "$WORK/$kid.private.jwk"
	printf '%s' "$kid"
}
is_caller() { local c; for c in "${SERVICE_CALLERS[@]}"; do [[ "$c" == "$1" ]] && return 0; done; return 1; }

signing_secret() { # KID PEM_FILE -> $WORK/signing.json
	jq -n --arg kid "$1" --rawfile key "$2" '{keyId: $kid, privateKey: $key}' > "$WORK/signing.json"
}

case "$1" in
	init)
		kid="$(new_kid jwt)"
		new_ec_key "$kid"
		jq '{keys: [.]}' "$WORK/$kid.jwk" > "$WORK/verification.json"
		signing_secret "$kid" "$WORK/$kid.pem"
		put "$PREFIX/jwt-verification-keys" "$WORK/verification.json"
		put "$PREFIX/jwt-signing-key" "$WORK/signing.json"
		lid="$(new_kid loc)"
		jq -n --arg id "$lid" --arg key "$(openssl rand -base64 32)" '{activeKeyId: $id, keys: "\($id):\($key)"}' \
			> "$WORK/location.json"
		put "$PREFIX/location-encryption-keys" "$WORK/location.json"
		echo '{"keys":[]}' > "$WORK/service-verification.json"
		for service in "${SERVICE_CALLERS[@]}"; do
			skid="$(new_service_key "$service")"
			jq --slurpfile jwk "$WORK/$skid.jwk" '.keys += $jwk' "$WORK/service-verification.json" > "$WORK/sv.json"
			mv "$WORK/sv.json" "$WORK/service-verification.json"
			put "$PREFIX/service-signing-key/$service" "$WORK/$skid.private.jwk"
		done
		put "$PREFIX/service-verification-keys" "$WORK/service-verification.json"
		log "JWT key $kid, location key $lid and service keys in place; deploy all services"
		;;
	jwt-add)
		kid="$(new_kid jwt)"
		new_ec_key "$kid"
		get "$PREFIX/jwt-verification-keys" '{"keys":[]}' > "$WORK/current.json"
		jq --slurpfile jwk "$WORK/$kid.jwk" '.keys += $jwk' "$WORK/current.json" > "$WORK/verification.json"
		signing_secret "$kid" "$WORK/$kid.pem"
		if [[ -n "${SECRETS_OUT_DIR:-}" ]]; then cp "$WORK/signing.json" "$(local_file "$PREFIX/jwt-pending/$kid")"
		else aws_call "" secretsmanager create-secret --name "$PREFIX/jwt-pending/$kid" \
			--secret-string "file://$WORK/signing.json" --query ARN --output text >/dev/null; fi
		put "$PREFIX/jwt-verification-keys" "$WORK/verification.json"
		log "added $kid: deploy all six services, then: secrets.sh jwt-sign $kid"
		;;
	jwt-sign)
		kid="${2:?jwt-sign needs the key id from jwt-add}"
		get "$PREFIX/jwt-verification-keys" "{\"keys\":[{\"kid\":\"$kid\"}]}" > "$WORK/current.json"
		jq -e --arg kid "$kid" '.keys | any(.kid == $kid)' "$WORK/current.json" >/dev/null \
			|| die "$kid is not in the verification set yet: jwt-add first, and deploy everything"
		get "$PREFIX/jwt-pending/$kid" "{\"keyId\":\"$kid\",\"privateKey\":\"dry-run\"}" > "$WORK/signing.json"
		put "$PREFIX/jwt-signing-key" "$WORK/signing.json"
		if [[ -n "${SECRETS_OUT_DIR:-}" ]]; then rm -f "$(local_file "$PREFIX/jwt-pending/$kid")"
		else aws_call "" secretsmanager delete-secret --secret-id "$PREFIX/jwt-pending/$kid" \
			--force-delete-without-recovery --query Name --output text >/dev/null; fi
		log "user-service signs with $kid after its next deployment; retire the old key once tokens have expired"
		;;
	jwt-retire)
		kid="${2:?jwt-retire needs a key id}"
		get "$PREFIX/jwt-signing-key" '{"keyId":"dry-run-current"}' | jq -r .keyId > "$WORK/signing-kid"
		[[ "$(<"$WORK/signing-kid")" != "$kid" ]] || die "$kid is the signing key: jwt-sign another one first"
		get "$PREFIX/jwt-verification-keys" "{\"keys\":[{\"kid\":\"$kid\"},{\"kid\":\"dry-run-current\"}]}" \
			> "$WORK/current.json"
		jq --arg kid "$kid" '.keys |= map(select(.kid != $kid))' "$WORK/current.json" > "$WORK/verification.json"
		[[ "$(jq '.keys | length' "$WORK/verification.json")" -ge 1 ]] || die "that would leave no verification key"
		put "$PREFIX/jwt-verification-keys" "$WORK/verification.json"
		log "retired $kid: deploy all six services"
		;;
	location-add)
		lid="$(new_kid loc)"
		get "$PREFIX/location-encryption-keys" '{"activeKeyId":"dry-run-old","keys":"dry-run-old:AAAA"}' \
			> "$WORK/current.json"
		jq --arg id "$lid" --arg key "$(openssl rand -base64 32)" \
			'{activeKeyId: $id, keys: (.keys + ",\($id):\($key)")}' "$WORK/current.json" > "$WORK/location.json"
		put "$PREFIX/location-encryption-keys" "$WORK/location.json"
		log "location key $lid active: deploy location-service; retire the previous key 24 h later"
		;;
	location-retire)
		lid="${2:?location-retire needs a key id}"
		get "$PREFIX/location-encryption-keys" "{\"activeKeyId\":\"dry-run-new\",\"keys\":\"$lid:AAAA,dry-run-new:BBBB\"}" \
			> "$WORK/current.json"
		[[ "$(jq -r .activeKeyId "$WORK/current.json")" != "$lid" ]] || die "$lid is the active key"
		jq --arg id "$lid" '.keys |= (split(",") | map(select(startswith($id + ":") | not)) | join(","))' \
			"$WORK/current.json" > "$WORK/location.json"
		put "$PREFIX/location-encryption-keys" "$WORK/location.json"
		log "retired $lid: deploy location-service"
		;;
	service-add)
		service="${2:?service-add needs a service name}"
		is_caller "$service" || die "$service calls no internal API (callers: ${SERVICE_CALLERS[*]})"
		skid="$(new_service_key "$service")"
		get "$PREFIX/service-verification-keys" '{"keys":[]}' > "$WORK/current.json"
		jq --slurpfile jwk "$WORK/$skid.jwk" '.keys += $jwk' "$WORK/current.json" > "$WORK/service-verification.json"
		if [[ -n "${SECRETS_OUT_DIR:-}" ]]; then cp "$WORK/$skid.private.jwk" "$(local_file "$PREFIX/service-pending/$skid")"
		else aws_call "" secretsmanager create-secret --name "$PREFIX/service-pending/$skid" \
			--secret-string "file://$WORK/$skid.private.jwk" --query ARN --output text >/dev/null; fi
		put "$PREFIX/service-verification-keys" "$WORK/service-verification.json"
		log "added $skid: deploy user-, location-, signal- and push-service, then: secrets.sh service-sign $skid"
		;;
	service-sign)
		skid="${2:?service-sign needs the key id from service-add}"
		service="${skid%%:*}"
		is_caller "$service" || die "$skid is not a service key id (<service>:<label>)"
		get "$PREFIX/service-verification-keys" "{\"keys\":[{\"kid\":\"$skid\"}]}" > "$WORK/current.json"
		jq -e --arg kid "$skid" '.keys | any(.kid == $kid)' "$WORK/current.json" >/dev/null \
			|| die "$skid is not in the verification set yet: service-add first, and deploy"
		get "$PREFIX/service-pending/$skid" "{\"kid\":\"$skid\"}" > "$WORK/signing.jwk"
		put "$PREFIX/service-signing-key/$service" "$WORK/signing.jwk"
		if [[ -n "${SECRETS_OUT_DIR:-}" ]]; then rm -f "$(local_file "$PREFIX/service-pending/$skid")"
		else aws_call "" secretsmanager delete-secret --secret-id "$PREFIX/service-pending/$skid" \
			--force-delete-without-recovery --query Name --output text >/dev/null; fi
		log "$service signs with $skid after its next deployment; retire its old key a few minutes later"
		;;
	service-retire)
		skid="${2:?service-retire needs a key id}"
		service="${skid%%:*}"
		is_caller "$service" || die "$skid is not a service key id (<service>:<label>)"
		get "$PREFIX/service-signing-key/$service" '{"kid":"dry-run-current"}' | jq -r .kid > "$WORK/signing-kid"
		[[ "$(<"$WORK/signing-kid")" != "$skid" ]] || die "$skid is $service's signing key: service-sign another one first"
		get "$PREFIX/service-verification-keys" "{\"keys\":[{\"kid\":\"$skid\"},{\"kid\":\"dry-run-current\"}]}" \
			> "$WORK/current.json"
		jq --arg kid "$skid" '.keys |= map(select(.kid != $kid))' "$WORK/current.json" > "$WORK/service-verification.json"
		[[ "$(jq '.keys | length' "$WORK/service-verification.json")" -ge 1 ]] || die "that would leave no verification key"
		put "$PREFIX/service-verification-keys" "$WORK/service-verification.json"
		log "retired $skid: deploy user-, location-, signal- and push-service"
		;;
	apns)
		[[ $# -eq 5 ]] || die "apns <AuthKey.p8> <keyId> <teamId> <topic>"
		[[ -f "$2" ]] || die "no such file $2"
		jq -n --rawfile key "$2" --arg kid "$3" --arg team "$4" --arg topic "$5" \
			'{signingKey: $key, keyId: $kid, teamId: $team, topic: $topic}' > "$WORK/apns.json"
		put "$PREFIX/apns" "$WORK/apns.json"
		log "APNs credentials in place: deploy push-service"
		;;
	*) die "unknown command $1 (--help)" ;;
esac
